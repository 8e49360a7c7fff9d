// Detection inside the transaction that stores an ingested batch, so that "ingested" and
// "evaluated" are the same event: a crash loses neither, and a replayed batch (idempotency)
// is neither stored nor evaluated twice. Metric points feed their own series; log entries
// feed their service's error-rate series (lib/anomaly/log-minutes.ts).
import "server-only";
import type { Sql } from "@/lib/db/sql";
import { cuid } from "@/lib/db/cuid";
import { LOG_ERRORS_SERIES, LOG_MAX_GAP_MINUTES, type AnomalyConfig } from "@/lib/anomaly/config";
import { settle, worthRecording } from "@/lib/anomaly/episode";
import { feed, judgeOnly, type Sample, type SeriesState, type Touched } from "@/lib/anomaly/evaluate";
import { lockSeries, saveSeries, type SeriesKey } from "@/lib/anomaly/baselines";
import { correlateDeploys, saveAnomalies } from "@/lib/anomaly/anomalies";
import { bucketErrors, minutePlan, MINUTE_MS, type MinutePlan } from "@/lib/anomaly/log-minutes";

export type DetectResult = {
  /** Episodes this batch recorded as anomalies (lib/anomaly/episode.ts worthRecording). */
  anomalies: number;
  /** Episodes whose alert is now owed (they became alerting, or an alerting one ended). */
  alertsDue: number;
};

type Point = { service: string; name: string; value: number; labels: Record<string, string>; timestamp: Date };
type Entry = { service: string; level: string; labels: Record<string, string>; timestamp: Date };

/** The labels an anomaly's alert carries, when the series has them. */
function workloadLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (labels.namespace) out.namespace = labels.namespace;
  if (labels.deployment) out.deployment = labels.deployment;
  return out;
}

const keyOf = (service: string, name: string) => `${service}\u0000${name}`;

export async function detectMetricAnomalies(sql: Sql, points: Point[], config: AnomalyConfig): Promise<DetectResult> {
  const groups = new Map<string, { key: SeriesKey; samples: Sample[] }>();
  for (const p of points) {
    const k = keyOf(p.service, p.name);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = { key: { service: p.service, name: p.name }, samples: [] }));
    group.samples.push({ value: p.value, at: p.timestamp, labels: workloadLabels(p.labels) });
  }
  const states = await lockSeries(
    sql,
    [...groups.values()].map((g) => g.key),
    "metric",
  );
  const touched: Touched = new Map();
  for (const state of states) {
    // Sorting is stable: points with one timestamp keep the order they were sent in.
    const samples = groups.get(keyOf(state.service, state.name))!.samples.sort((a, b) => a.at.getTime() - b.at.getTime());
    feed(state, samples, touched, cuid);
  }
  return finish(sql, states, touched, config);
}

export async function detectLogAnomalies(sql: Sql, entries: Entry[], config: AnomalyConfig): Promise<DetectResult> {
  const { counts, spans } = bucketErrors(entries);
  if (counts.length) {
    await sql.run(
      `INSERT INTO "LogErrorMinute" (service, minute, errors)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[]) AS u(service, minute, errors) ORDER BY service, minute
       ON CONFLICT (service, minute) DO UPDATE SET errors = "LogErrorMinute".errors + excluded.errors`,
      [counts.map((c) => c.service), counts.map((c) => new Date(c.minute).toISOString()), counts.map((c) => c.errors)],
    );
  }
  const labels = new Map<string, Record<string, string>>();
  for (const e of entries)
    if (!labels.has(e.service) || Object.keys(labels.get(e.service)!).length === 0) labels.set(e.service, workloadLabels(e.labels));

  const states = await lockSeries(
    sql,
    [...spans.keys()].map((service) => ({ service, name: LOG_ERRORS_SERIES })),
    "log_errors",
  );
  const plans = new Map<SeriesState, MinutePlan>();
  for (const state of states) {
    const plan = minutePlan(state.lastAt?.getTime() ?? null, spans.get(state.service)!, LOG_MAX_GAP_MINUTES);
    if (plan) plans.set(state, plan);
  }
  const counted = await minuteCounts(
    sql,
    [...plans.entries()].map(([s, p]) => ({ service: s.service, from: p.from, to: p.open })),
  );
  const touched: Touched = new Map();
  for (const [state, plan] of plans) {
    const sampleAt = (minute: number): Sample => ({
      value: counted.get(keyOf(state.service, String(minute))) ?? 0,
      at: new Date(minute),
      labels: labels.get(state.service) ?? {},
    });
    const closed: Sample[] = [];
    for (let m = plan.from; m < plan.to; m += MINUTE_MS) closed.push(sampleAt(m));
    feed(state, closed, touched, cuid);
    state.lastAt = new Date(plan.fedThrough);
    judgeOnly(state, sampleAt(plan.open), touched, cuid);
  }
  return finish(sql, [...plans.keys()], touched, config);
}

async function minuteCounts(sql: Sql, ranges: { service: string; from: number; to: number }[]): Promise<Map<string, number>> {
  if (ranges.length === 0) return new Map();
  const rows = await sql.rows<{ service: string; minute: Date; errors: number }>(
    `SELECT m.service, m.minute, m.errors FROM "LogErrorMinute" m
     JOIN unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r(service, "from", "to")
       ON m.service = r.service AND m.minute >= r."from" AND m.minute <= r."to"`,
    [ranges.map((r) => r.service), ranges.map((r) => new Date(r.from).toISOString()), ranges.map((r) => new Date(r.to).toISOString())],
  );
  return new Map(rows.map((r) => [keyOf(r.service, String(r.minute.getTime())), r.errors]));
}

/** Looks up deploys for new episodes, settles every touched one, and writes back the series
 * and the episodes worth a row. */
async function finish(sql: Sql, states: SeriesState[], touched: Touched, config: AnomalyConfig): Promise<DetectResult> {
  const opened = [...touched.entries()].filter(([e]) => e.changeId === undefined);
  const deploys = await correlateDeploys(
    sql,
    opened.map(([e, s]) => ({ id: e.id, service: s.service, at: e.startedAt })),
  );
  let alertsDue = 0;
  let recorded = 0;
  const rows: Touched = new Map();
  for (const [e, s] of touched) {
    if (e.changeId === undefined) e.changeId = deploys.get(e.id) ?? null;
    const wasAlerting = e.alerting;
    settle(e, s.kind, config);
    if ((e.alerting && !wasAlerting) || (e.alerting && e.endedAt)) alertsDue++;
    if (!e.recorded && worthRecording(e, s.kind, config)) {
      e.recorded = true;
      recorded++;
    }
    if (e.recorded) rows.set(e, s);
  }
  await saveSeries(sql, states);
  await saveAnomalies(sql, rows);
  return { anomalies: recorded, alertsDue };
}
