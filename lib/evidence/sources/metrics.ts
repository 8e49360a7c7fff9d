// The signal catalog's metrics around the alert: for each signal the workload has, its
// level before the incident, now, and at its worst — a line a person reads in a second.
import type { MetricsReader, SignalCatalog, Series } from "@/lib/metrics/port";
import { renderSignal } from "@/lib/metrics/catalog";
import { signals, type Signal } from "@/lib/scenarios/schema";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";
import { formatSignal } from "@/lib/metrics/format";

const STEP_S = 60;

export { formatSignal };

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

// How per-pod series make one workload line: ratios and latency average, memory shows the
// worst pod (a leak is per process), counts and CPU add up.
export const aggregation: Record<Signal, "mean" | "max" | "sum"> = {
  request_rate: "sum",
  error_ratio: "mean",
  latency_p99_ms: "mean",
  cpu_usage_cores: "sum",
  cpu_throttled_ratio: "mean",
  memory_working_set_bytes: "max",
  restarts: "sum",
  db_connections_in_use: "sum",
  disk_used_ratio: "max",
};

export function combine(series: Series[], how: "mean" | "max" | "sum"): [number, number][] {
  const byTime = new Map<number, number[]>();
  for (const s of series) for (const [t, v] of s.values) byTime.set(t, [...(byTime.get(t) ?? []), v]);
  return [...byTime]
    .sort((a, b) => a[0] - b[0])
    .map(([t, vs]) => [t, how === "sum" ? vs.reduce((a, b) => a + b, 0) : how === "max" ? Math.max(...vs) : mean(vs)]);
}

const MAX_PODS = 6;

/** The signal's series for the workload: one query if the template is per workload, one per
 * pod (the unhealthiest first) if it needs a pod. A longer window may ask for a coarser step. */
export async function seriesFor(
  metrics: MetricsReader,
  catalog: SignalCatalog,
  signal: Signal,
  target: { namespace: string; deployment: string },
  pods: string[],
  start: Date,
  end: Date,
  stepSeconds = STEP_S,
) {
  const whole = renderSignal(catalog, signal, target);
  if (whole) return metrics.queryRange(whole, start, end, stepSeconds);
  const queries = pods
    .slice(0, MAX_PODS)
    .map((pod) => renderSignal(catalog, signal, { ...target, pod }))
    .filter((q): q is string => q !== null);
  return (await Promise.all(queries.map((q) => metrics.queryRange(q, start, end, stepSeconds)))).flat();
}

export async function metricDrafts(
  metrics: MetricsReader,
  catalog: SignalCatalog,
  target: { namespace: string; deployment: string },
  pods: string[],
  alertStart: Date,
  now: Date,
): Promise<Draft[]> {
  const start = new Date(Math.min(alertStart.getTime(), now.getTime()) - 60 * 60_000);
  const results = await Promise.all(
    signals.map(async (signal) => {
      const series = await seriesFor(metrics, catalog, signal, target, pods, start, now).catch(() => []);
      const points = combine(series, aggregation[signal]);
      if (points.length < 2) return null;
      const cutoff = alertStart.getTime() / 1000 - 10 * 60;
      const before = points.filter(([t]) => t < cutoff).map(([, v]) => v);
      const recent = points.slice(-10).map(([, v]) => v);
      const baseline = mean(before.length ? before : points.slice(0, Math.ceil(points.length / 3)).map(([, v]) => v));
      const now_ = mean(recent);
      const max = Math.max(...points.map(([, v]) => v));
      return { signal, baseline, recent: now_, max };
    }),
  );
  const found = results.filter((r): r is NonNullable<typeof r> => r !== null);
  if (found.length === 0) return [];
  const change = (r: (typeof found)[number]) => Math.abs(r.recent - r.baseline) / Math.max(Math.abs(r.baseline), 1e-9);
  const lines = found.map(
    (r) =>
      `${r.signal}: ${formatSignal(r.signal, r.baseline)} before → ${formatSignal(r.signal, r.recent)} now (max ${formatSignal(r.signal, r.max)})`,
  );
  const facts: DraftFact[] = found.map((r) => ({ kind: "metric", signal: r.signal, baseline: r.baseline, recent: r.recent, max: r.max }));
  const moved = found.some((r) => change(r) > 0.5);
  return [draft("metrics", `Metrics of ${target.namespace}/${target.deployment} (last hour)`, lines, moved ? 3 : 1.5, facts)];
}
