// The statements of the ingest hot path, in SQL on a plain connection (lib/db/sql.ts says
// why). Timestamps travel as UTC ISO strings cast to `timestamp`, the columns' type: a cast
// to timestamptz would be shifted by the session's TimeZone on a server not set to UTC,
// and then no resent alert would ever match, touch or resolve.
import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { AlertStatus, IncidentState, Severity } from "@/lib/generated/prisma/enums";
import type { NormalizedAlert } from "@/lib/alerts/normalize";
import { alertKey } from "@/lib/alerts/normalize";
import { cuid } from "@/lib/db/cuid";

export type OpenIncident = {
  id: string;
  number: number;
  traceId: string;
  state: IncidentState;
  severity: Severity;
  truncatedAlerts: number;
};

const INCIDENT_COLUMNS = `id, number, "traceId", state::text AS state, severity::text AS severity, "truncatedAlerts"`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Serialises ingests of one Alertmanager group until the transaction ends. */
export async function lockGroup(sql: Sql, lockClass: number, groupKey: string): Promise<void> {
  await sql.rows(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [lockClass, groupKey]);
}

export type ExistingAlert = { id: string; incidentId: string; status: AlertStatus; fingerprint: string; startsAt: Date };
export type GroupState = { incident: OpenIncident | null; existing: Map<string, ExistingAlert> };

type GroupStateRow = OpenIncident & ExistingAlert & { kind: "incident" | "alert" };

/**
 * What an ingest starts from, in one round trip (each costs the server and PostgreSQL CPU on
 * every notification): the group's incident that is neither resolved nor closed (a partial
 * unique index keeps it to one), and which of the payload's alerts are already stored.
 */
export async function findGroupState(sql: Sql, groupKey: string, scope: string, alerts: NormalizedAlert[]): Promise<GroupState> {
  const rows = await sql.rows<GroupStateRow>(
    `SELECT 'incident' AS kind, i.*, NULL::text AS "incidentId", NULL::text AS status, NULL::text AS fingerprint,
            NULL::timestamp AS "startsAt"
     FROM (SELECT ${INCIDENT_COLUMNS} FROM "Incident"
           WHERE "groupKey" = $1 AND "groupScope" = $4 AND state NOT IN ('resolved', 'closed') LIMIT 1) i
     UNION ALL
     SELECT 'alert', a.id, NULL, NULL, NULL, NULL, NULL, a."incidentId", a.status::text, a.fingerprint, a."startsAt"
     FROM "Alert" a
     JOIN unnest($2::text[], $3::timestamp[]) AS k(fingerprint, "startsAt")
       ON a.fingerprint = k.fingerprint AND a."startsAt" = k."startsAt"`,
    [groupKey, alerts.map((a) => a.fingerprint), alerts.map((a) => a.startsAt.toISOString()), scope],
  );
  const found = rows.find((r) => r.kind === "incident");
  const incident: OpenIncident | null = found
    ? {
        id: found.id,
        number: found.number,
        traceId: found.traceId,
        state: found.state,
        severity: found.severity,
        truncatedAlerts: found.truncatedAlerts,
      }
    : null;
  const existing = new Map<string, ExistingAlert>();
  for (const r of rows) {
    if (r.kind !== "alert") continue;
    existing.set(alertKey(r.fingerprint, r.startsAt), {
      id: r.id,
      incidentId: r.incidentId,
      status: r.status,
      fingerprint: r.fingerprint,
      startsAt: r.startsAt,
    });
  }
  return { incident, existing };
}

export type NewIncident = Omit<OpenIncident, "id" | "number"> & {
  title: string;
  namespace: string | null;
  workload: string | null;
  workloadKind: string | null;
  groupKey: string;
  groupScope: string;
  receiver: string | null;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalUrl: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
};

export async function insertIncident(sql: Sql, i: NewIncident, now: Date): Promise<OpenIncident> {
  const rows = await sql.rows<OpenIncident>(
    `INSERT INTO "Incident" (id, title, state, severity, namespace, workload, "workloadKind", "groupKey", receiver, "traceId",
       "commonLabels", "commonAnnotations", "externalUrl", "truncatedAlerts", "openedAt", "resolvedAt", "updatedAt", "groupScope")
     VALUES ($1, $2, $3::"IncidentState", $4::"Severity", $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14,
       $15::timestamp, $16::timestamp, $17::timestamp, $18)
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
      i.openedAt.toISOString(),
      iso(i.resolvedAt),
      now.toISOString(),
      i.groupScope,
    ],
  );
  return rows[0]!;
}

/** Raises the severity to the new alerts' (unless a person pinned it: theirs stands) and records truncation. */
export async function updateIncidentSeverity(sql: Sql, id: string, severity: Severity, truncatedAlerts: number, now: Date): Promise<void> {
  await sql.run(
    `UPDATE "Incident" SET severity = CASE WHEN "severityPinned" THEN severity ELSE $2::"Severity" END, "truncatedAlerts" = $3,
            "updatedAt" = $4::timestamp WHERE id = $1`,
    [id, severity, truncatedAlerts, now.toISOString()],
  );
}

/** Inserts the new alerts of an incident. An alert already stored (another group's
 * notification can carry it too) is skipped, so it is stored once. */
export async function insertAlerts(sql: Sql, incidentId: string, fresh: NormalizedAlert[], now: Date) {
  const at = now.toISOString();
  return sql.rows<{ id: string; fingerprint: string; startsAt: Date }>(
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
}

/** Counts a redelivery of known alerts, resolving those flagged in `resolve`. */
export async function touchAlerts(sql: Sql, ids: string[], resolve: boolean[], endsAt: string[], now: Date): Promise<void> {
  await sql.run(
    `UPDATE "Alert" a SET
       "lastReceivedAt" = $1::timestamp,
       "receiveCount" = a."receiveCount" + 1,
       status = CASE WHEN u.resolve THEN 'resolved'::"AlertStatus" ELSE a.status END,
       "endsAt" = CASE WHEN u.resolve THEN u."endsAt" ELSE a."endsAt" END,
       "resolvedAt" = CASE WHEN u.resolve THEN $1::timestamp ELSE a."resolvedAt" END
     FROM unnest($2::text[], $3::boolean[], $4::timestamp[]) AS u(id, resolve, "endsAt")
     WHERE a.id = u.id`,
    [now.toISOString(), ids, resolve, endsAt],
  );
}

export async function traceIds(sql: Sql, incidentIds: string[]): Promise<Map<string, string>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await sql.rows<{ id: string; traceId: string }>(`SELECT id, "traceId" FROM "Incident" WHERE id = ANY($1::text[])`, [
    [...new Set(incidentIds)],
  ]);
  return new Map(rows.map((r) => [r.id, r.traceId]));
}

/** The incident's state and trace id, and whether any of its alerts still fires. */
export async function incidentProgress(sql: Sql, id: string) {
  const rows = await sql.rows<{ state: IncidentState; traceId: string; firing: boolean }>(
    `SELECT i.state::text AS state, i."traceId",
       EXISTS (SELECT 1 FROM "Alert" a WHERE a."incidentId" = i.id AND a.status = 'firing') AS firing
     FROM "Incident" i WHERE i.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
