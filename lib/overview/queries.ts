// The overview's numbers, each one aggregate query over an indexed time range (Incident
// openedAt, Alert startsAt, ProposedAction executedAt): the database groups by hour or day
// and computes percentiles, so the cost follows the buckets, not the thousands of rows.
import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { OverviewQuery } from "@/lib/overview/schemas";
import {
  fillDurations,
  fillSeverities,
  fillVolume,
  overviewWindow,
  type BucketUnit,
  type DurationRow,
  type OverviewWindow,
} from "@/lib/overview/range";
import { anomalousServices, anomalySeries } from "@/lib/overview/anomalies";

export const NOISY_LIMIT = 10;

// Bounds travel as ISO text cast to `timestamp`: the columns hold UTC without a zone.
const ts = (d: Date) => Prisma.sql`${d.toISOString()}::timestamp`;
// Buckets come back as epoch milliseconds: no time-zone interpretation on the way out.
const bucketOf = (unit: BucketUnit, column: Prisma.Sql) => Prisma.sql`(extract(epoch from date_trunc(${unit}, ${column})) * 1000)::float8`;
const seconds = (from: string, to: string) => Prisma.raw(`extract(epoch from ("${to}" - "${from}"))`);

type Scope = { w: OverviewWindow; namespace?: string };

function incidentScope({ w, namespace }: Scope) {
  return Prisma.sql`"openedAt" >= ${ts(w.from)} AND "openedAt" < ${ts(w.to)}${namespace ? Prisma.sql` AND namespace = ${namespace}` : Prisma.empty}`;
}

// An alert belongs to a namespace by its own label, else by its incident's (joined as `i`).
// A join, not a correlated subquery: the planner costs a subquery per row, and the inflated
// estimate turns on JIT compilation, which alone takes longer than the query.
const alertNamespace = Prisma.sql`COALESCE(a.labels->>'namespace', i.namespace, '')`;
const withIncident = Prisma.sql`JOIN "Incident" i ON i.id = a."incidentId"`;

function alertScope({ w, namespace }: Scope) {
  return Prisma.sql`a."startsAt" >= ${ts(w.from)} AND a."startsAt" < ${ts(w.to)}${namespace ? Prisma.sql` AND ${alertNamespace} = ${namespace}` : Prisma.empty}`;
}

async function severitySeries(db: Db, s: Scope) {
  const rows = await db.$queryRaw<{ bucket: number; severity: Severity; count: number }[]>`
    SELECT ${bucketOf(s.w.unit, Prisma.raw(`"openedAt"`))} AS bucket, severity::text AS severity, count(*)::int AS count
    FROM "Incident" WHERE ${incidentScope(s)}
    GROUP BY 1, 2`;
  return fillSeverities(
    s.w.buckets,
    rows.map((r) => ({ ...r, bucket: new Date(r.bucket) })),
  );
}

// Seconds from opening to the first investigation that concluded; NULL (not counted) until one has.
const firstRcaSeconds = Prisma.raw(
  `extract(epoch from ((SELECT min(r."finishedAt") FROM "AgentRun" r WHERE r."incidentId" = "Incident".id AND r.status = 'succeeded') - "openedAt"))`,
);

// percentile_cont ignores NULLs: incidents not yet acknowledged (resolved) do not count
// towards MTTA (MTTR) until they are.
const percentiles = Prisma.sql`
  count("acknowledgedAt")::int AS acknowledged,
  count("resolvedAt")::int AS resolved,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("openedAt", "acknowledgedAt")}) AS "mttaP50",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds("openedAt", "acknowledgedAt")}) AS "mttaP90",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("openedAt", "resolvedAt")}) AS "mttrP50",
  percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds("openedAt", "resolvedAt")}) AS "mttrP90"`;

async function durationSeries(db: Db, s: Scope) {
  const rows = await db.$queryRaw<(Omit<DurationRow, "bucket"> & { bucket: number })[]>`
    SELECT ${bucketOf(s.w.unit, Prisma.raw(`"openedAt"`))} AS bucket, ${percentiles}
    FROM "Incident" WHERE ${incidentScope(s)}
    GROUP BY 1`;
  return fillDurations(
    s.w.buckets,
    rows.map((r) => ({ ...r, bucket: new Date(r.bucket) })),
  );
}

async function volumeSeries(db: Db, s: Scope) {
  const rows = await db.$queryRaw<{ bucket: number; alerts: number; deliveries: number }[]>`
    SELECT ${bucketOf(s.w.unit, Prisma.raw(`a."startsAt"`))} AS bucket, count(*)::int AS alerts, sum(a."receiveCount")::int AS deliveries
    FROM "Alert" a ${s.namespace ? withIncident : Prisma.empty}
    WHERE ${alertScope(s)}
    GROUP BY 1`;
  return fillVolume(
    s.w.buckets,
    rows.map((r) => ({ ...r, bucket: new Date(r.bucket) })),
  );
}

export type NoisyAlert = {
  alertname: string;
  namespace: string;
  alerts: number;
  deliveries: number;
  incidents: number;
  lastReceivedAt: Date;
};

/** The alerts that fired most often in the range (each firing is one Alert row), then those
 * delivered most often (Alertmanager repeats, HA pairs). */
async function noisyAlerts(db: Db, s: Scope): Promise<NoisyAlert[]> {
  return db.$queryRaw<NoisyAlert[]>`
    SELECT a.alertname, ${alertNamespace} AS namespace, count(*)::int AS alerts, sum(a."receiveCount")::int AS deliveries,
      count(DISTINCT a."incidentId")::int AS incidents, max(a."lastReceivedAt") AS "lastReceivedAt"
    FROM "Alert" a ${withIncident}
    WHERE ${alertScope(s)}
    GROUP BY 1, 2
    ORDER BY alerts DESC, deliveries DESC, a.alertname, namespace
    LIMIT ${NOISY_LIMIT}`;
}

type HeadlineRow = {
  open: number;
  openEscalated: number;
  opened: number;
  escalated: number;
  mttaP50: number | null;
  /** Vigil's own speed: open → its first investigation concluded (not a person: not MTTA). */
  firstRcaP50: number | null;
  mttrP50: number | null;
};
type ActionRow = { executed: number; verified: number; ineffective: number; unverified: number };

async function headline(db: Db, s: Scope) {
  const ns = s.namespace ? Prisma.sql` AND namespace = ${s.namespace}` : Prisma.empty;
  // Open now, whatever the range: listed states use the (state, openedAt) index.
  const open = Prisma.sql`state IN ('open', 'investigating', 'awaiting_approval', 'mitigating')${ns}`;
  const [[incidents], [actions]] = await Promise.all([
    db.$queryRaw<HeadlineRow[]>`
      SELECT
        (SELECT count(*)::int FROM "Incident" WHERE ${open}) AS open,
        (SELECT count(*)::int FROM "Incident" WHERE ${open} AND escalated) AS "openEscalated",
        count(*)::int AS opened,
        count(*) FILTER (WHERE escalated)::int AS escalated,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("openedAt", "acknowledgedAt")}) AS "mttaP50",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${firstRcaSeconds}) AS "firstRcaP50",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds("openedAt", "resolvedAt")}) AS "mttrP50"
      FROM "Incident" WHERE ${incidentScope(s)}`,
    db.$queryRaw<ActionRow[]>`
      SELECT count(*)::int AS executed,
        count(*) FILTER (WHERE effective)::int AS verified,
        count(*) FILTER (WHERE effective = false)::int AS ineffective,
        count(*) FILTER (WHERE effective IS NULL)::int AS unverified
      FROM "ProposedAction"
      WHERE "executedAt" >= ${ts(s.w.from)} AND "executedAt" < ${ts(s.w.to)}${ns}`,
  ]);
  return { ...incidents!, actions: actions! };
}

export async function getOverview(db: Db, query: OverviewQuery, now: Date = new Date()) {
  const w = overviewWindow(query.range, now);
  const scope: Scope = { w, namespace: query.namespace };
  const [severity, durations, volume, noisy, numbers, anomalies, anomalous] = await Promise.all([
    severitySeries(db, scope),
    durationSeries(db, scope),
    volumeSeries(db, scope),
    noisyAlerts(db, scope),
    headline(db, scope),
    anomalySeries(db, scope),
    anomalousServices(db, scope),
  ]);
  return {
    range: w.range,
    unit: w.unit,
    from: w.from,
    to: w.to,
    namespace: query.namespace ?? null,
    headline: numbers,
    incidents: severity,
    durations,
    alerts: volume,
    noisy,
    anomalies,
    anomalousServices: anomalous,
  };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
