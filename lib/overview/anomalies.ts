// The overview's anomalies: episodes the detector found on ingested telemetry (lib/anomaly),
// per bucket and severity, and the services that had the most. `Anomaly.at` is timestamptz:
// buckets are cut in UTC explicitly, whatever the session's time zone.
import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";
import { fillSeverities, type OverviewWindow } from "@/lib/overview/range";

export const ANOMALOUS_SERVICES_LIMIT = 10;

type Scope = { w: OverviewWindow; namespace?: string };

// A service names its namespace as `namespace/name`, or the points carried a namespace label.
const namespaceOf = Prisma.sql`COALESCE(labels->>'namespace', CASE WHEN position('/' in service) > 0 THEN split_part(service, '/', 1) END, '')`;

function scope({ w, namespace }: Scope) {
  return Prisma.sql`at >= ${w.from.toISOString()}::timestamptz AND at < ${w.to.toISOString()}::timestamptz${namespace ? Prisma.sql` AND ${namespaceOf} = ${namespace}` : Prisma.empty}`;
}

export async function anomalySeries(db: Db, s: Scope) {
  const rows = await db.$queryRaw<{ bucket: number; severity: Severity; count: number }[]>`
    SELECT (extract(epoch from date_trunc(${s.w.unit}, at AT TIME ZONE 'UTC')) * 1000)::float8 AS bucket, severity::text AS severity, count(*)::int AS count
    FROM "Anomaly" WHERE ${scope(s)}
    GROUP BY 1, 2`;
  return fillSeverities(
    s.w.buckets,
    rows.map((r) => ({ ...r, bucket: new Date(r.bucket) })),
  );
}

export type AnomalousService = { service: string; anomalies: number; worst: Severity; metrics: string[]; incidents: number; lastAt: Date };

export async function anomalousServices(db: Db, s: Scope): Promise<AnomalousService[]> {
  // The enum's declaration order is critical first: min() is the worst.
  return db.$queryRaw<AnomalousService[]>`
    SELECT service, count(*)::int AS anomalies, min(severity)::text AS worst,
      (array_agg(DISTINCT metric ORDER BY metric))[1:5] AS metrics,
      count(DISTINCT "incidentId")::int AS incidents, max(at) AS "lastAt"
    FROM "Anomaly" WHERE ${scope(s)}
    GROUP BY service
    ORDER BY anomalies DESC, service
    LIMIT ${ANOMALOUS_SERVICES_LIMIT}`;
}
