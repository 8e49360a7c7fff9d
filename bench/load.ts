// Runs N keep-alive senders against one webhook on 127.0.0.1 for a bounded time and request count, and records what they measured.
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { Delivery, Workload } from "./workload";

export type LoadOptions = {
  url: string;
  token: string;
  senders: number;
  warmupS: number;
  durationS: number;
  /** Hard cap on requests per call (phase), whatever the duration. */
  maxRequests: number;
  /** Paced (open-loop) mode: requests per second over all senders, each on its own schedule.
   * Latency then counts from the scheduled send time, so a slow server cannot hide its queue. */
  ratePerS?: number;
  requestTimeoutMs?: number;
  /** Called when the measured window opens and closes (e.g. to sample CPU). */
  onWindow?: (edge: "start" | "end") => void;
};

export type LoadResult = {
  /** Counted over the measured window only (after the warm-up). */
  requests: number;
  alerts: number;
  latenciesMs: number[];
  windowS: number;
  /** Over the whole run, warm-up included. */
  sent: number;
  errors: number;
  errorSamples: string[];
  /** True when --max-requests ended the phase before its duration. */
  capped: boolean;
};

/** A request's end: 2xx or not, the status (0: no answer) and body, or why it failed. */
export type Outcome = { ok: boolean; status: number; body: string; error?: string };

/** Posts a webhook body with the bearer token; never rejects. */
export function post(agent: http.Agent, target: URL, token: string, body: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString("utf8");
          if (status >= 200 && status < 300) resolve({ ok: true, status, body: text });
          else resolve({ ok: false, status, body: text, error: `HTTP ${status} ${text.slice(0, 200)}` });
        });
        response.on("error", (err) => resolve({ ok: false, status: 0, body: "", error: err.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (err) => resolve({ ok: false, status: 0, body: "", error: err.message }));
    request.end(body);
  });
}

export async function runLoad(workload: Workload, options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  // The bench only ever loads a server it started itself, on this machine.
  if (target.hostname !== "127.0.0.1") throw new Error(`the bench only targets 127.0.0.1, not ${target.hostname}`);
  // FIFO reuse keeps every connection busy: under LIFO, paced senders leave some idle until the
  // server's keep-alive timeout closes them just as a request is sent on them (ECONNRESET).
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.senders, maxFreeSockets: options.senders, scheduling: "fifo" });
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const start = performance.now();
  const measureFrom = start + options.warmupS * 1000;
  const stopAt = measureFrom + options.durationS * 1000;
  const result: LoadResult = {
    requests: 0,
    alerts: 0,
    latenciesMs: [],
    windowS: options.durationS,
    sent: 0,
    errors: 0,
    errorSamples: [],
    capped: false,
  };

  const timers = [
    setTimeout(() => options.onWindow?.("start"), measureFrom - start),
    setTimeout(() => options.onWindow?.("end"), stopAt - start),
  ];

  const rate = options.ratePerS && options.ratePerS > 0 ? options.ratePerS : 0;
  const interval = rate ? (options.senders * 1000) / rate : 0;

  const sender = async (id: number) => {
    let scheduled = start + (rate ? (id * 1000) / rate : 0);
    while (performance.now() < stopAt && result.sent < options.maxRequests) {
      if (rate) {
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (scheduled >= stopAt || result.sent >= options.maxRequests) break;
      }
      result.sent += 1;
      const delivery: Delivery = workload.next(id);
      const t0 = rate ? scheduled : performance.now();
      scheduled += interval;
      const outcome = await post(agent, target, options.token, delivery.body, timeoutMs);
      const t1 = performance.now();
      if (outcome.ok) workload.acknowledged(delivery);
      else {
        workload.failed(delivery);
        result.errors += 1;
        if (result.errorSamples.length < 5) result.errorSamples.push(outcome.error ?? "unknown error");
      }
      // Requests that completed inside the measured window make the figures.
      if (t1 >= measureFrom && t1 <= stopAt && outcome.ok) {
        result.requests += 1;
        result.alerts += delivery.alerts.length;
        result.latenciesMs.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: options.senders }, (_, i) => sender(i)));
  result.capped = result.sent >= options.maxRequests && performance.now() < stopAt;
  timers.forEach((t) => clearTimeout(t));
  agent.destroy();
  return result;
}
