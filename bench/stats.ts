// Percentiles and the figures one side of the bench reports.
import type { LoadResult } from "./load";
import type { CpuUsage } from "./cpu";
import type { Integrity } from "./verify";

export type SideFigures = {
  name: string;
  requestsPerS: number;
  alertsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  sent: number;
  cpu: CpuUsage;
  /** CPU milliseconds per request, measured window only. */
  cpuMsPerRequest: { server: number; postgres: number; client: number };
  integrity: Integrity;
  /** The paced phase: a fixed offered rate, latency counted from each scheduled send. */
  paced?: { offeredAlertsPerS: number; alertsPerS: number; p50Ms: number; p99Ms: number; maxMs: number; errors: number };
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function pacedFigures(load: LoadResult, offeredAlertsPerS: number): NonNullable<SideFigures["paced"]> {
  const sorted = [...load.latenciesMs].sort((a, b) => a - b);
  return {
    offeredAlertsPerS,
    alertsPerS: load.alerts / load.windowS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    errors: load.errors,
  };
}

export function figures(name: string, load: LoadResult, cpu: CpuUsage, integrity: Integrity): SideFigures {
  const sorted = [...load.latenciesMs].sort((a, b) => a - b);
  const perRequest = (s: number) => (load.requests > 0 ? (s * 1000) / load.requests : NaN);
  return {
    name,
    requestsPerS: load.requests / load.windowS,
    alertsPerS: load.alerts / load.windowS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    errors: load.errors,
    sent: load.sent,
    cpu,
    cpuMsPerRequest: { server: perRequest(cpu.serverS), postgres: perRequest(cpu.postgresS), client: perRequest(cpu.clientS) },
    integrity,
  };
}
