// An incident's anomalies for the incident page: the episodes the detector linked to it
// (lib/anomaly), each with the deploy it correlated, and the series behind them around the
// episode — ingested metric points averaged per step, or error log entries per minute — with
// the baseline the detector judged them against. Read-only.
import "server-only";
import type { Db } from "@/lib/db/client";
import { VigilError } from "@/lib/errors";
import { LOG_ERRORS_SERIES, Z_THRESHOLDS } from "@/lib/anomaly/config";

/** Series drawn per incident: more would be a wall of charts, not a diagnosis. */
export const MAX_SERIES = 3;
const BEFORE_MS = 30 * 60_000;
const AFTER_MS = 10 * 60_000;
const MAX_POINTS = 240;

export type IncidentAnomaly = {
  id: string;
  service: string;
  metric: string;
  kind: string;
  severity: string;
  z: number;
  value: number;
  mean: number;
  stddev: number;
  at: Date;
  peakAt: Date;
  endedAt: Date | null;
  samples: number;
  change: {
    id: string;
    kind: string;
    version: string | null;
    commit: string | null;
    actor: string | null;
    summary: string;
    at: Date;
  } | null;
};

export type AnomalySeries = {
  service: string;
  metric: string;
  kind: string;
  /** What the points are: the metric's values, or error log entries per minute. */
  unit: "value" | "errors/min";
  window: { start: Date; end: Date };
  points: { t: number; v: number }[];
  /** The baseline when the episode began, and the band within which a sample is normal. */
  baseline: { mean: number; low: number; high: number };
  episodes: { start: Date; end: Date | null }[];
  deploys: { at: Date; label: string }[];
};

export type IncidentAnomalies = { anomalies: IncidentAnomaly[]; series: AnomalySeries[] };

export async function getIncidentAnomalies(db: Db, incidentId: string, now = new Date()): Promise<IncidentAnomalies> {
  const incident = await db.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
  if (!incident) throw new VigilError("not_found", `no incident ${incidentId}`);
  const rows = await db.anomaly.findMany({
    where: { incidentId },
    orderBy: [{ at: "asc" }],
    take: 50,
    include: { change: { select: { id: true, kind: true, version: true, commit: true, actor: true, summary: true, at: true } } },
  });
  const anomalies: IncidentAnomaly[] = rows.map((r) => ({
    id: r.id,
    service: r.service,
    metric: r.metric,
    kind: r.kind,
    severity: r.severity,
    z: r.z,
    value: r.value,
    mean: r.mean,
    stddev: r.stddev,
    at: r.at,
    peakAt: r.peakAt,
    endedAt: r.endedAt,
    samples: r.samples,
    change: r.change,
  }));
  const bySeries = new Map<string, IncidentAnomaly[]>();
  for (const a of [...anomalies].sort((x, y) => Math.abs(y.z) - Math.abs(x.z))) {
    const key = `${a.service}\u0000${a.metric}`;
    if (!bySeries.has(key) && bySeries.size >= MAX_SERIES) continue;
    bySeries.set(key, [...(bySeries.get(key) ?? []), a]);
  }
  const series = await Promise.all([...bySeries.values()].map((episodes) => seriesOf(db, episodes, now)));
  return { anomalies, series };
}

async function seriesOf(db: Db, episodes: IncidentAnomaly[], now: Date): Promise<AnomalySeries> {
  const first = episodes.reduce((a, b) => (a.at < b.at ? a : b));
  const lastEnd = Math.max(...episodes.map((e) => (e.endedAt ?? now).getTime()));
  const window = { start: new Date(first.at.getTime() - BEFORE_MS), end: new Date(Math.min(now.getTime(), lastEnd + AFTER_MS)) };
  const logs = first.metric === LOG_ERRORS_SERIES;
  const points = logs ? await errorsPerMinute(db, first.service, window) : await metricPoints(db, first.service, first.metric, window);
  const band = Z_THRESHOLDS.medium * first.stddev;
  const deploys = [...new Map(episodes.filter((e) => e.change).map((e) => [e.change!.id, e.change!])).values()].map((c) => ({
    at: c.at,
    label: `${c.kind}${c.version ? ` ${c.version}` : ""}`,
  }));
  return {
    service: first.service,
    metric: first.metric,
    kind: first.kind,
    unit: logs ? "errors/min" : "value",
    window,
    points,
    baseline: { mean: first.mean, low: first.mean - band, high: first.mean + band },
    episodes: episodes.map((e) => ({ start: e.at, end: e.endedAt })),
    deploys,
  };
}

/** The metric's points in the window, averaged per step so a busy series stays a few hundred points. */
async function metricPoints(db: Db, service: string, name: string, w: { start: Date; end: Date }) {
  const stepS = Math.max(1, Math.ceil((w.end.getTime() - w.start.getTime()) / 1000 / MAX_POINTS));
  const rows = await db.$queryRaw<{ t: number; v: number }[]>`
    SELECT (floor(extract(epoch from at) / ${stepS}) * ${stepS} * 1000)::float8 AS t, avg(value)::float8 AS v
    FROM "MetricPoint"
    WHERE service = ${service} AND name = ${name} AND at >= ${w.start.toISOString()}::timestamptz AND at < ${w.end.toISOString()}::timestamptz
    GROUP BY 1 ORDER BY 1`;
  return rows;
}

/** Error and fatal log entries per minute in the window, zero for minutes without any; a long
 * window is cut into wider steps, each its average per minute. */
async function errorsPerMinute(db: Db, service: string, w: { start: Date; end: Date }) {
  const stepMs = 60_000 * Math.max(1, Math.ceil((w.end.getTime() - w.start.getTime()) / 60_000 / MAX_POINTS));
  const rows = await db.$queryRaw<{ t: number; v: number }[]>`
    SELECT (floor(extract(epoch from at) * 1000 / ${stepMs}) * ${stepMs})::float8 AS t, count(*)::float8 AS v
    FROM "LogEntry"
    WHERE service = ${service} AND level IN ('error', 'fatal') AND at >= ${w.start.toISOString()}::timestamptz AND at < ${w.end.toISOString()}::timestamptz
    GROUP BY 1 ORDER BY 1`;
  const counts = new Map(rows.map((r) => [r.t, r.v]));
  const points: { t: number; v: number }[] = [];
  for (let t = Math.floor(w.start.getTime() / stepMs) * stepMs; t < w.end.getTime(); t += stepMs)
    points.push({ t, v: (counts.get(t) ?? 0) / (stepMs / 60_000) });
  return points;
}
