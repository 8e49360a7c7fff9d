// The baseline's statements: the SQL text of lib/alerts/ingest-sql.ts, ingest.ts and lib/audit/append.ts, sent with plain pg.
import type pg from "pg";
import { eventBody, type ChainedFields } from "@/lib/audit/chain";
import type { AuditInput } from "@/lib/audit/append";
import type { NormalizedAlert } from "@/lib/alerts/normalize";
import type { NewIncident, OpenIncident } from "@/lib/alerts/ingest-sql";
import { cuid } from "@/lib/db/cuid";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const INCIDENT_COLUMNS = `id, number, "traceId", state::text AS state, severity::text AS severity, "truncatedAlerts"`;

export async function findOpenIncident(c: pg.PoolClient, groupKey: string): Promise<OpenIncident | null> {
  const { rows } = await c.query<OpenIncident>(
    `SELECT ${INCIDENT_COLUMNS} FROM "Incident" WHERE "groupKey" = $1 AND state NOT IN ('resolved', 'closed') LIMIT 1`,
    [groupKey],
  );
  return rows[0] ?? null;
}

export async function insertIncident(c: pg.PoolClient, i: NewIncident, now: Date): Promise<OpenIncident> {
  const { rows } = await c.query<OpenIncident>(
    `INSERT INTO "Incident" (id, title, state, severity, namespace, workload, "workloadKind", "groupKey", receiver, "traceId",
       "commonLabels", "commonAnnotations", "externalUrl", "truncatedAlerts", "openedAt", "resolvedAt", "updatedAt")
     VALUES ($1, $2, $3::"IncidentState", $4::"Severity", $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14,
       $15::timestamp, $16::timestamp, $17::timestamp)
     RETURNING ${INCIDENT_COLUMNS}`,
    [
      cuid(),
      i.title,
      i.state,
      i.severity,
      i.namespace,
      i.workload,
      i.workloadKind,
      i.groupKey,
      i.receiver,
      i.traceId,
      JSON.stringify(i.commonLabels),
      JSON.stringify(i.commonAnnotations),
      i.externalUrl,
      i.truncatedAlerts,
      iso(i.openedAt),
      iso(i.resolvedAt),
      iso(now),
    ],
  );
  return rows[0]!;
}

/** Vigil raises severity with Prisma's incident.update: one UPDATE ... RETURNING. */
export async function updateIncidentSeverity(
  c: pg.PoolClient,
  id: string,
  severity: string,
  truncatedAlerts: number,
  now: Date,
): Promise<void> {
  await c.query(
    `UPDATE "Incident" SET severity = $1::"Severity", "truncatedAlerts" = $2, "updatedAt" = $3::timestamp WHERE id = $4 RETURNING ${INCIDENT_COLUMNS}`,
    [severity, truncatedAlerts, iso(now), id],
  );
}

export async function insertAlerts(c: pg.PoolClient, incidentId: string, fresh: NormalizedAlert[], now: Date) {
  const at = now.toISOString();
  const { rows } = await c.query<{ id: string; fingerprint: string; startsAt: Date }>(
    `INSERT INTO "Alert" (id, "incidentId", fingerprint, "startsAt", "endsAt", status, alertname, severity, labels,
       annotations, "generatorURL", raw, "firstReceivedAt", "lastReceivedAt", "resolvedAt")
     SELECT u.id, $1, u.fingerprint, u."startsAt", u."endsAt", u.status::"AlertStatus", u.alertname,
       u.severity::"Severity", u.labels, u.annotations, u."generatorURL", u.raw, $2::timestamp, $2::timestamp, u."resolvedAt"
     FROM unnest($3::text[], $4::text[], $5::timestamp[], $6::timestamp[], $7::text[], $8::text[], $9::text[], $10::jsonb[],
       $11::jsonb[], $12::text[], $13::jsonb[], $14::timestamp[])
       WITH ORDINALITY AS u(id, fingerprint, "startsAt", "endsAt", status, alertname, severity, labels, annotations, "generatorURL", raw, "resolvedAt", n)
     ORDER BY u.n
     ON CONFLICT DO NOTHING
     RETURNING id, fingerprint, "startsAt"`,
    [
      incidentId,
      at,
      fresh.map(() => cuid()),
      fresh.map((a) => a.fingerprint),
      fresh.map((a) => a.startsAt.toISOString()),
      fresh.map((a) => iso(a.endsAt)),
      fresh.map((a) => a.status),
      fresh.map((a) => a.alertname),
      fresh.map((a) => a.severity),
      fresh.map((a) => JSON.stringify(a.labels)),
      fresh.map((a) => JSON.stringify(a.annotations)),
      fresh.map((a) => a.generatorURL),
      fresh.map((a) => JSON.stringify(a.raw)),
      fresh.map((a) => (a.status === "resolved" ? at : null)),
    ],
  );
  return rows;
}

export async function traceIds(c: pg.PoolClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await c.query<{ id: string; traceId: string }>(`SELECT id, "traceId" FROM "Incident" WHERE id = ANY($1::text[])`, [
    [...new Set(ids)],
  ]);
  return new Map(rows.map((r) => [r.id, r.traceId]));
}

export async function incidentProgress(c: pg.PoolClient, id: string) {
  const { rows } = await c.query<{ state: string; traceId: string; firing: boolean }>(
    `SELECT i.state::text AS state, i."traceId", EXISTS (SELECT 1 FROM "Alert" a WHERE a."incidentId" = i.id AND a.status = 'firing') AS firing
     FROM "Incident" i WHERE i.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function markIncidentResolved(c: pg.PoolClient, id: string, now: Date): Promise<boolean> {
  const changed = await c.query(
    `UPDATE "Incident" SET state = 'resolved', "resolvedAt" = $1::timestamp, "updatedAt" = $1::timestamp WHERE id = $2 AND state NOT IN ('resolved', 'closed')`,
    [now.toISOString(), id],
  );
  return changed.rowCount === 1;
}

/** lib/audit/append.ts: canonical bodies here, then the chain lock, head and inserts in one call. */
export async function appendAudit(c: pg.PoolClient, events: AuditInput[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date();
  const rows: ChainedFields[] = events.map((e) => ({
    at,
    actorType: e.actorType,
    actorId: e.actorId ?? null,
    action: e.action,
    incidentId: e.incidentId ?? null,
    traceId: e.traceId ?? null,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    data: e.data ?? {},
  }));
  const column = <K extends keyof ChainedFields>(key: K) => rows.map((r) => r[key]);
  await c.query(
    `SELECT vigil_audit_append($1::timestamp, $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[])`,
    [
      at.toISOString(),
      column("actorType"),
      column("actorId"),
      column("action"),
      column("incidentId"),
      column("traceId"),
      column("targetType"),
      column("targetId"),
      rows.map((r) => JSON.stringify(r.data)),
      rows.map(eventBody),
    ],
  );
}
