// How an anomaly reads to a person (alert annotations, evidence lines): the series, its
// value against the baseline, z, severity, and the deploy that preceded it.
import { LOG_ERRORS_SERIES } from "@/lib/anomaly/config";

export type DescribedChange = { service: string; version: string | null; actor: string | null; summary: string; at: Date };

/** Four significant digits, without exponent notation for ordinary magnitudes. */
export function num(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(4))) : String(n);
}

export function seriesLabel(metric: string): string {
  return metric === LOG_ERRORS_SERIES ? "error log lines per minute" : metric;
}

/** "deploy of checkout 2.3.1 by alice 12 min before" */
export function deployPhrase(change: DescribedChange, anomalyAt: Date): string {
  const minutes = Math.max(0, Math.round((anomalyAt.getTime() - change.at.getTime()) / 60_000));
  const what = [change.service, change.version].filter(Boolean).join(" ");
  return `deploy of ${what}${change.actor ? ` by ${change.actor}` : ""} ${minutes} min before`;
}

/** "http_latency_ms = 950 (baseline 120 ± 30, z = 27.7, critical; deploy of … before)" */
export function anomalyPhrase(a: {
  metric: string;
  value: number;
  mean: number;
  stddev: number;
  z: number;
  severity: string;
  at: Date;
  change: DescribedChange | null;
}): string {
  const deploy = a.change ? `; ${deployPhrase(a.change, a.at)}` : "";
  return `${seriesLabel(a.metric)} = ${num(a.value)} (baseline ${num(a.mean)} ± ${num(a.stddev)}, z = ${num(Number(a.z.toFixed(1)))}, ${a.severity}${deploy})`;
}
