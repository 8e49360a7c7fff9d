// Text for the console's charts: axis ticks, durations, and the one-sentence summaries that
// screen readers hear instead of the drawing. All in UTC, so the server's render and the
// browser's agree and match the timeline's "(UTC)".
import type { IncidentMetricsJson, OverviewJson } from "@/lib/client/api";
import { formatSignal, signalLabel } from "@/lib/metrics/format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "14:00" for an hourly bucket, "Nov 20" for a daily one. */
export function bucketLabel(iso: string, unit: "hour" | "day"): string {
  const d = new Date(iso);
  return unit === "hour" ? `${pad(d.getUTCHours())}:00` : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "Nov 20 14:00" for a bucket or an instant in full, as a tooltip or table row says it. */
export function bucketTitle(iso: string, unit: "hour" | "day"): string {
  const d = new Date(iso);
  return unit === "hour"
    ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:00`
    : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "16:05" from unix milliseconds. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A duration in seconds as a person reads it: "45s", "12m", "1h 05m", "2d 3h"; "—" for none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A duration for an axis tick, short and on one line: "45s", "33m", "1.5h", "2.5d". */
export function formatDurationTick(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Number((seconds / 3600).toFixed(1))}h`;
  return `${Number((seconds / 86_400).toFixed(1))}d`;
}

const tickSteps = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

/** Axis ticks for durations at round steps (a minute, 5 minutes, an hour...), about `count`
 * of them from zero past `max` seconds. */
export function durationTicks(max: number, count = 4): number[] {
  const top = Math.max(max, 1);
  const step = tickSteps.find((s) => s * count >= top) ?? tickSteps[tickSteps.length - 1]!;
  const ticks = [0];
  while (ticks[ticks.length - 1]! < top) ticks.push(ticks.length * step);
  return ticks;
}

export const rangeLabel: Record<OverviewJson["range"], string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days" };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function busiest<T extends { t: string }>(points: T[], value: (p: T) => number): T | null {
  let best: T | null = null;
  for (const p of points) if (value(p) > 0 && (!best || value(p) > value(best))) best = p;
  return best;
}

/** The overview's counts stacked by severity: incidents opened, anomalies detected. */
export const severitySeries = {
  incidents: { one: "incident", many: "incidents", verb: "opened" },
  anomalies: { one: "anomaly", many: "anomalies", verb: "detected" },
} as const;
export type SeveritySeries = keyof typeof severitySeries;

export function severitySummary(o: OverviewJson, which: SeveritySeries): string {
  const { one, many, verb } = severitySeries[which];
  const points = o[which];
  const total = points.reduce((n, p) => n + p.total, 0);
  if (total === 0) return `No ${many} ${verb} in the last ${rangeLabel[o.range]}.`;
  const bySeverity = (["critical", "high", "medium", "low", "info"] as const)
    .map((s) => [s, points.reduce((n, p) => n + p[s], 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  const peak = busiest(points, (p) => p.total)!;
  return `${plural(total, one, many)} ${verb} in the last ${rangeLabel[o.range]} (${bySeverity}); most at ${bucketTitle(peak.t, o.unit)} with ${peak.total}.`;
}

export function durationsSummary(o: OverviewJson, which: "mtta" | "mttr"): string {
  const median = which === "mtta" ? o.headline.mttaP50 : o.headline.mttrP50;
  const what = which === "mtta" ? "acknowledge" : "resolve";
  if (median == null) return `No incident opened in the last ${rangeLabel[o.range]} has been ${what}d yet.`;
  const p50 = which === "mtta" ? "mttaP50" : "mttrP50";
  const slowest = busiest(o.durations, (p) => p[p50] ?? 0);
  const worst = slowest ? `; slowest ${o.unit} ${bucketTitle(slowest.t, o.unit)} with a median of ${formatDuration(slowest[p50])}` : "";
  return `Median time to ${what} over the last ${rangeLabel[o.range]}: ${formatDuration(median)}${worst}. Per ${o.unit} medians and p90 are in the table.`;
}

export function volumeSummary(o: OverviewJson): string {
  const alerts = o.alerts.reduce((n, p) => n + p.alerts, 0);
  if (alerts === 0) return `No alerts started firing in the last ${rangeLabel[o.range]}.`;
  const deliveries = o.alerts.reduce((n, p) => n + p.deliveries, 0);
  const peak = busiest(o.alerts, (p) => p.alerts)!;
  return `${plural(alerts, "alert")} started firing in the last ${rangeLabel[o.range]}, delivered ${plural(deliveries, "time")}; most at ${bucketTitle(peak.t, o.unit)} with ${peak.alerts}.`;
}

export function noisySummary(o: OverviewJson): string {
  const top = o.noisy[0];
  if (!top) return `No alerts in the last ${rangeLabel[o.range]}.`;
  return `Noisiest alert: ${top.alertname} in ${top.namespace || "no namespace"}, ${plural(top.alerts, "firing")} and ${plural(top.deliveries, "delivery", "deliveries")}.`;
}

export function metricSummary(m: IncidentMetricsJson): string {
  if (!m.signal || !m.workload || m.points.length === 0) return "No samples to draw.";
  const first = m.points[0]!;
  const last = m.points[m.points.length - 1]!;
  const peak = m.points.reduce((a, b) => (b.v > a.v ? b : a));
  const f = (v: number) => formatSignal(m.signal!, v);
  const anomaly = m.anomaly
    ? ` The alert fired from ${clockTime(Date.parse(m.anomaly.start))}${m.anomaly.ongoing ? " and still fires" : ` to ${clockTime(Date.parse(m.anomaly.end))}`}.`
    : "";
  const marks = m.markers.length ? ` Marked: ${m.markers.map((k) => `${k.label} at ${clockTime(Date.parse(k.at))}`).join("; ")}.` : "";
  return (
    `${signalLabel[m.signal]} of ${m.workload.namespace}/${m.workload.name} from ${clockTime(first.t)} to ${clockTime(last.t)} UTC: ` +
    `${f(first.v)} at the start, ${f(last.v)} at the end, highest ${f(peak.v)} at ${clockTime(peak.t)}.${anomaly}${marks}`
  );
}
