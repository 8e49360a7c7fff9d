// The bench's senders: each posts its own batches back to back on a keep-alive connection
// with its own API key, for a warm-up and then a measured window.
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { AnomalyWorkload } from "./anomaly-workload";

export type AnomalyLoad = {
  points: number;
  batches: number;
  latenciesMs: number[];
  windowS: number;
  sent: number;
  errors: number;
  errorSamples: string[];
};

function post(agent: http.Agent, url: URL, secret: string, body: string): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        timeout: 60_000,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${secret}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          resolve(
            status === 202 ? { ok: true } : { ok: false, error: `HTTP ${status} ${Buffer.concat(chunks).toString("utf8").slice(0, 200)}` },
          );
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error("no answer within 60 s")));
    request.on("error", (err) => resolve({ ok: false, error: err.message }));
    request.end(body);
  });
}

export async function runAnomalyLoad(
  workload: AnomalyWorkload,
  options: { url: string; secrets: string[]; warmupS: number; durationS: number; onWindow?: (edge: "start" | "end") => void },
): Promise<AnomalyLoad> {
  const url = new URL(options.url);
  if (url.hostname !== "127.0.0.1") throw new Error(`the bench only targets 127.0.0.1, not ${url.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.secrets.length });
  const start = performance.now();
  const measureFrom = start + options.warmupS * 1000;
  const stopAt = measureFrom + options.durationS * 1000;
  const result: AnomalyLoad = { points: 0, batches: 0, latenciesMs: [], windowS: options.durationS, sent: 0, errors: 0, errorSamples: [] };
  const timers = [
    setTimeout(() => options.onWindow?.("start"), measureFrom - start),
    setTimeout(() => options.onWindow?.("end"), stopAt - start),
  ];
  await Promise.all(
    options.secrets.map(async (secret, sender) => {
      while (performance.now() < stopAt) {
        const delivery = workload.next(sender);
        result.sent++;
        const t0 = performance.now();
        const outcome = await post(agent, url, secret, delivery.body);
        const t1 = performance.now();
        if (outcome.ok) workload.acknowledged(delivery);
        else {
          workload.lost(delivery);
          result.errors++;
          if (result.errorSamples.length < 5) result.errorSamples.push(outcome.error ?? "unknown");
        }
        if (outcome.ok && t1 >= measureFrom && t1 <= stopAt) {
          result.batches++;
          result.points += delivery.points;
          result.latenciesMs.push(t1 - t0);
        }
      }
    }),
  );
  timers.forEach((t) => clearTimeout(t));
  agent.destroy();
  return result;
}
