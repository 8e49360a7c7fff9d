// A Prometheus HTTP API stand-in that answers catalog queries with a scenario's series, so the
// eval, the demo and tests run the real reader and the real catalog without a Prometheus.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { templateParts } from "@/lib/metrics/catalog";
import type { SignalCatalog } from "@/lib/metrics/port";
import { unescapeRegex, unescapeString, type Placeholder } from "@/lib/metrics/template";
import { signals, type ScenarioSeries, type Signal } from "@/lib/scenarios/schema";
import { readNodeBody } from "@/lib/http/node-body";

export type FakePrometheusOptions = {
  series: ScenarioSeries[];
  catalog: SignalCatalog;
  /** The frozen clock: samples after it do not exist yet. */
  now?: Date;
  port?: number;
};

export type FakePrometheus = { url: string; queries: string[]; stop(): Promise<void> };

type Matcher = { signal: Signal; regex: RegExp; slots: { name: Placeholder; regex: boolean }[] };

// A double-quoted PromQL string body: anything but a quote or backslash, or an escape pair.
const STRING_BODY = String.raw`((?:[^"\\]|\\[\s\S])*)`;
const escapeJsRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One anchored regex per template, a capture group per placeholder: no query is hardcoded. */
function compile(catalog: SignalCatalog): Matcher[] {
  return signals.map((signal) => {
    const parts = templateParts(catalog[signal]);
    const slots = parts.flatMap((p) => ("slot" in p ? [{ name: p.slot, regex: p.regex }] : []));
    const source = parts.map((p) => ("text" in p ? escapeJsRegex(p.text) : STRING_BODY)).join("");
    return { signal, regex: new RegExp(`^${source}$`), slots };
  });
}

/** Which signal a query was rendered from, and the label values it was rendered with. */
function recognise(matchers: Matcher[], query: string): { signal: Signal; labels: Record<string, string> } | null {
  for (const { signal, regex, slots } of matchers) {
    const m = regex.exec(query);
    if (!m) continue;
    const labels: Record<string, string> = {};
    // A placeholder used twice must carry the same value both times.
    const consistent = slots.every(({ name, regex: isRegex }, i) => {
      const raw = unescapeString(m[i + 1]!);
      const value = isRegex ? unescapeRegex(raw) : raw;
      if (labels[name] !== undefined && labels[name] !== value) return false;
      labels[name] = value;
      return true;
    });
    if (consistent) return { signal, labels };
  }
  return null;
}

export async function startFakePrometheus({ series, catalog, now, port = 0 }: FakePrometheusOptions): Promise<FakePrometheus> {
  const matchers = compile(catalog);
  const queries: string[] = [];
  const horizon = now ? now.getTime() / 1000 : Infinity;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, { status: "error", errorType: "internal", error: err.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/-/ready" || url.pathname === "/-/healthy") return sendText(res, 200, "Prometheus Server is Ready.\n");
    if (url.pathname !== "/api/v1/query_range") return sendText(res, 404, "404 page not found\n");
    if (req.method !== "GET" && req.method !== "POST") return sendText(res, 405, "Method Not Allowed\n", { Allow: "GET, OPTIONS, POST" });
    // Like Prometheus (Go's r.FormValue): URL parameters plus a form body on POST.
    const params = new URLSearchParams(url.search);
    if (req.method === "POST" && (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(await readNodeBody(req))) params.append(k, v);
    }
    const query = params.get("query") ?? "";
    queries.push(query);
    const range = parseRange(params);
    if ("error" in range) return badData(res, range.error);
    if (!query.trim()) return badData(res, "1:1: parse error: no expression found in input");

    const hit = recognise(matchers, query);
    const result = !hit
      ? []
      : series
          .filter((s) => s.signal === hit.signal && Object.entries(hit.labels).every(([k, v]) => s.labels[k] === v))
          .map((s) => ({
            metric: s.labels,
            values: s.values.filter(([t]) => t >= range.start && t <= range.end && t <= horizon).map(([t, v]) => [t, formatSample(v)]),
          }))
          // Prometheus leaves out series with no samples in the range.
          .filter((s) => s.values.length > 0);
    send(res, 200, { status: "success", data: { resultType: "matrix", result } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    queries,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseRange(params: URLSearchParams): { start: number; end: number } | { error: string } {
  const start = parseTime(params.get("start") ?? "");
  if (start === null) return { error: `invalid parameter "start": cannot parse "${params.get("start") ?? ""}" to a valid timestamp` };
  const end = parseTime(params.get("end") ?? "");
  if (end === null) return { error: `invalid parameter "end": cannot parse "${params.get("end") ?? ""}" to a valid timestamp` };
  if (end < start) return { error: `invalid parameter "end": end timestamp must not be before start time` };
  const step = parseDuration(params.get("step") ?? "");
  if (step === null) return { error: `invalid parameter "step": cannot parse "${params.get("step") ?? ""}" to a valid duration` };
  if (step <= 0)
    return { error: `invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer` };
  if ((end - start) / step > 11_000) {
    return { error: "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)" };
  }
  return { start, end };
}

/** Unix seconds (fractions allowed) or RFC 3339, as Prometheus accepts. */
function parseTime(value: string): number | null {
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms / 1000;
}

const UNITS: Record<string, number> = { y: 31_536_000, w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001 };

/** Seconds (fractions allowed) or a Prometheus duration such as 1m30s. */
function parseDuration(value: string): number | null {
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  const parts = [...value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (!value || parts.map((p) => p[0]).join("") !== value) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** Sample values as Prometheus writes them (jsonutil.MarshalValue): "NaN", "+Inf", "1e-07". */
export function formatSample(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  // Go switches to exponent form below 1e-6 and from 1e21, as JavaScript does, but writes
  // at least two exponent digits.
  return String(value).replace(/e([+-])(\d)$/, (_, sign: string, digit: string) => `e${sign}0${digit}`);
}

function badData(res: ServerResponse, error: string) {
  send(res, 400, { status: "error", errorType: "bad_data", error });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end(text);
}
