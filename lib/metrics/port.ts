// What Vigil reads from Prometheus: range queries over the HTTP API (/api/v1/query_range).
// The signal catalog (lib/metrics/catalog.ts) turns a signal of the scenario format into
// PromQL for a workload.
import type { Signal } from "@/lib/scenarios/schema";

export type Series = { labels: Record<string, string>; values: [number, number][] };

export interface MetricsReader {
  /** Prometheus `query_range`; unix-second timestamps, values as numbers. */
  queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<Series[]>;
}

/** The labels a signal's PromQL template may use. */
export type SignalTarget = { namespace: string; deployment?: string; pod?: string; container?: string; node?: string };

export type SignalCatalog = Record<Signal, string>;
