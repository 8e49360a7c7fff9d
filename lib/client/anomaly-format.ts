// Words and numbers for anomalies on the incident page: a client's metric has no known unit,
// so values print compactly; the reserved log series gets a name a person reads.
import type { IncidentAnomaliesJson } from "@/lib/client/api";
import { clockTime } from "@/lib/client/chart-format";

type Anomaly = IncidentAnomaliesJson["anomalies"][number];
type Series = IncidentAnomaliesJson["series"][number];

const compact = new Intl.NumberFormat("en", { maximumSignificantDigits: 3, notation: "compact" });

export function formatMeasure(v: number): string {
  return Number.isFinite(v) ? compact.format(v) : "—";
}

/** The detector's reserved log series (lib/anomaly/config.ts) starts with `$`. */
export function metricName(metric: string): string {
  return metric.startsWith("$") ? "error log entries per minute" : metric;
}

/** "950 against a baseline of 120 ± 30 (z = 27.7)". */
export function anomalyMeasure(a: Anomaly): string {
  return `${formatMeasure(a.value)} against a baseline of ${formatMeasure(a.mean)} ± ${formatMeasure(a.stddev)} (z = ${a.z.toFixed(1)})`;
}

/** "12:03–12:09", or "since 12:03" while the episode lasts. */
export function episodeSpan(a: Pick<Anomaly, "at" | "endedAt">): string {
  const from = clockTime(Date.parse(a.at));
  return a.endedAt ? `${from}–${clockTime(Date.parse(a.endedAt))}` : `since ${from}`;
}

/** "deploy 2.3.1 by alice, 12 min before". */
export function correlatedChange(a: Anomaly): string | null {
  const c = a.change;
  if (!c) return null;
  const minutes = Math.max(0, Math.round((Date.parse(a.at) - Date.parse(c.at)) / 60_000));
  return `${c.kind}${c.version ? ` ${c.version}` : ""}${c.actor ? ` by ${c.actor}` : ""}, ${minutes} min before: ${c.summary}`;
}

export function seriesSummary(s: Series): string {
  const peak = s.points.reduce((m, p) => Math.max(m, p.v), -Infinity);
  const deploys = s.deploys.length ? `; ${s.deploys.length} correlated deploy${s.deploys.length > 1 ? "s" : ""}` : "";
  return `${metricName(s.metric)} of ${s.service}: baseline ${formatMeasure(s.baseline.mean)}, normal between ${formatMeasure(s.baseline.low)} and ${formatMeasure(s.baseline.high)}, peak ${formatMeasure(peak)}; ${s.episodes.length} anomalous episode${s.episodes.length > 1 ? "s" : ""}${deploys}.`;
}
