// MetricsReader over the Prometheus HTTP API (also Thanos, Mimir, VictoriaMetrics, which
// speak it): range queries only, with the server's own error messages kept.
import "server-only";
import type { MetricsReader, Series } from "@/lib/metrics/port";

export type PrometheusReaderOptions = {
  /** Base URL, e.g. http://prometheus:9090 or https://host/prometheus (a path prefix is kept). */
  url: string;
  fetch?: typeof globalThis.fetch;
  /** Whole-request limit; also sent as Prometheus' own evaluation `timeout`. Default 10 s. */
  timeoutMs?: number;
  /** Extra headers, e.g. Authorization for a managed Prometheus. */
  headers?: Record<string, string>;
};

/** A failed query: `status` is the HTTP status (null when none came back), `errorType` Prometheus' own. */
export class MetricsError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly errorType?: string,
  ) {
    super(message);
    this.name = "MetricsError";
  }
}

type ApiResponse = {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
};
type MatrixEntry = { metric?: Record<string, string>; values?: [number, string][] };

export function createPrometheusReader({
  url,
  fetch = globalThis.fetch,
  timeoutMs = 10_000,
  headers = {},
}: PrometheusReaderOptions): MetricsReader {
  const endpoint = new URL("api/v1/query_range", url.endsWith("/") ? url : `${url}/`);
  return {
    async queryRange(promql, start, end, stepSeconds) {
      if (!(stepSeconds > 0)) throw new RangeError(`step must be positive, got ${stepSeconds}`);
      // POST form: same semantics as GET, and long catalog queries never hit URL limits.
      const body = new URLSearchParams({
        query: promql,
        start: unixSeconds(start),
        end: unixSeconds(end),
        step: String(stepSeconds),
        timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s`,
      });
      let response: Response;
      let text: string;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (err) {
        const e = err as Error;
        const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : describeNetworkError(e);
        throw new MetricsError(`Prometheus at ${endpoint.origin}: ${why}`, null);
      }
      return parseMatrix(text, response.status);
    },
  };
}

function unixSeconds(date: Date): string {
  return (date.getTime() / 1000).toString();
}

function describeNetworkError(err: Error): string {
  // undici reports "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return [err.message, cause?.code ?? cause?.message].filter(Boolean).join(": ");
}

/** Parses a query_range answer; errors keep Prometheus' message and errorType. */
function parseMatrix(text: string, httpStatus: number): Series[] {
  let json: ApiResponse;
  try {
    json = JSON.parse(text) as ApiResponse;
  } catch {
    // Proxies in front of Prometheus answer HTML or plain text (502s, auth pages).
    throw new MetricsError(`Prometheus answered HTTP ${httpStatus} with a non-JSON body: ${text.slice(0, 200)}`, httpStatus);
  }
  if (json.status === "error" || httpStatus >= 400) {
    const type = typeof json.errorType === "string" ? json.errorType : undefined;
    const message = typeof json.error === "string" ? json.error : `HTTP ${httpStatus}`;
    throw new MetricsError(`Prometheus query failed${type ? ` (${type})` : ""}: ${message}`, httpStatus, type);
  }
  const data = json.data;
  if (json.status !== "success" || data?.resultType !== "matrix" || !Array.isArray(data.result)) {
    throw new MetricsError(`Prometheus answered an unexpected shape: ${text.slice(0, 200)}`, httpStatus);
  }
  return (data.result as MatrixEntry[]).map((entry) => ({
    labels: { ...entry.metric },
    values: (entry.values ?? []).flatMap(([t, v]): [number, number][] => {
      const value = parseSampleValue(v);
      // NaN is Prometheus' "no value" (0/0 when there was no traffic): a gap, as Grafana draws it.
      return Number.isNaN(value) ? [] : [[Number(t), value]];
    }),
  }));
}

/** Sample values arrive as strings; Go spells infinities "+Inf"/"-Inf", which Number() rejects. */
function parseSampleValue(value: string): number {
  if (value === "+Inf" || value === "Inf") return Infinity;
  if (value === "-Inf") return -Infinity;
  return Number(value);
}
