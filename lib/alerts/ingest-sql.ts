// The statements of the ingest hot path, in SQL: Prisma's query compiler costs ~0.5–2 ms of
// CPU per model query on the single server thread, which capped ingest throughput and kept
// the audit-chain lock held while other requests ran. Timestamps travel as UTC ISO strings
// cast to `timestamp` (the columns' type): see findExisting in ingest.ts.
import "server-only";
import type { Tx } from "@/lib/db/client";
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";
import type { NormalizedAlert } from "@/lib/alerts/normalize";
import { cuid } from "@/lib/db/cuid";

export type OpenIncident = {
  id: string;
  number: number;
  traceId: string;
  state: IncidentState;
  severity: Severity;
  truncatedAlerts: number;
};

/** The group's incident that is neither resolved nor closed (a partial unique index keeps it to one). */
export async function findOpenIncident(tx: Tx, groupKey: string): Promise<OpenIncident | null> {
  const rows = await tx.$queryRaw<OpenIncident[]>`
    SELECT id, number, "traceId", state::text AS state, severity::text AS severity, "truncatedAlerts"
    FROM "Incident" WHERE "groupKey" = ${groupKey} AND state NOT IN ('resolved', 'closed') LIMIT 1`;
  return rows[0] ?? null;
}

export type NewIncident = Omit<OpenIncident, "id" | "number"> & {
  title: string;
  namespace: string | null;
  workload: string | null;
  workloadKind: string | null;
  groupKey: string;
  receiver: string | null;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalUrl: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
};

export async function insertIncident(tx: Tx, i: NewIncident, now: Date): Promise<OpenIncident> {
  const rows = await tx.$queryRaw<OpenIncident[]>`
    INSERT INTO "Incident" (id, title, state, severity, namespace, workload, "workloadKind", "groupKey", receiver, "traceId",
      "commonLabels", "commonAnnotations", "externalUrl", "truncatedAlerts", "openedAt", "resolvedAt", "updatedAt")
    VALUES (${cuid()}, ${i.title}, ${i.state}::"IncidentState", ${i.severity}::"Severity", ${i.namespace}, ${i.workload},
      ${i.workloadKind}, ${i.groupKey}, ${i.receiver}, ${i.traceId}, ${JSON.stringify(i.commonLabels)}::jsonb,
      ${JSON.stringify(i.commonAnnotations)}::jsonb, ${i.externalUrl}, ${i.truncatedAlerts}, ${i.openedAt.toISOString()}::timestamp,
      ${i.resolvedAt?.toISOString() ?? null}::timestamp, ${now.toISOString()}::timestamp)
    RETURNING id, number, "traceId", state::text AS state, severity::text AS severity, "truncatedAlerts"`;
  return rows[0]!;
}

/** Inserts the new alerts of an incident. An alert already stored (another group's
 * notification can carry it too) is skipped, so it is stored once. */
export async function insertAlerts(tx: Tx, incidentId: string, fresh: NormalizedAlert[], now: Date) {
  const at = now.toISOString();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const rows = await tx.$queryRaw<{ id: string; fingerprint: string; startsAt: Date }[]>`
    INSERT INTO "Alert" (id, "incidentId", fingerprint, "startsAt", "endsAt", status, alertname, severity, labels,
      annotations, "generatorURL", raw, "firstReceivedAt", "lastReceivedAt", "resolvedAt")
    SELECT u.id, ${incidentId}, u.fingerprint, u."startsAt", u."endsAt", u.status::"AlertStatus", u.alertname,
      u.severity::"Severity", u.labels, u.annotations, u."generatorURL", u.raw, ${at}::timestamp, ${at}::timestamp, u."resolvedAt"
    FROM unnest(
      ${fresh.map(() => cuid())}::text[], ${fresh.map((a) => a.fingerprint)}::text[],
      ${fresh.map((a) => a.startsAt.toISOString())}::timestamp[], ${fresh.map((a) => iso(a.endsAt))}::timestamp[],
      ${fresh.map((a) => a.status)}::text[], ${fresh.map((a) => a.alertname)}::text[], ${fresh.map((a) => a.severity)}::text[],
      ${fresh.map((a) => JSON.stringify(a.labels))}::jsonb[], ${fresh.map((a) => JSON.stringify(a.annotations))}::jsonb[],
      ${fresh.map((a) => a.generatorURL)}::text[], ${fresh.map((a) => JSON.stringify(a.raw))}::jsonb[],
      ${fresh.map((a) => (a.status === "resolved" ? at : null))}::timestamp[]
    ) WITH ORDINALITY AS u(id, fingerprint, "startsAt", "endsAt", status, alertname, severity, labels, annotations, "generatorURL", raw, "resolvedAt", n)
    ORDER BY u.n
    ON CONFLICT DO NOTHING
    RETURNING id, fingerprint, "startsAt"`;
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt) }));
}

export async function traceIds(tx: Tx, incidentIds: string[]): Promise<Map<string, string>> {
  if (incidentIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; traceId: string }[]>`
    SELECT id, "traceId" FROM "Incident" WHERE id = ANY(${[...new Set(incidentIds)]}::text[])`;
  return new Map(rows.map((r) => [r.id, r.traceId]));
}

/** The incident's state and trace id, and whether any of its alerts still fires. */
export async function incidentProgress(tx: Tx, id: string) {
  const rows = await tx.$queryRaw<{ state: IncidentState; traceId: string; firing: boolean }[]>`
    SELECT i.state::text AS state, i."traceId",
      EXISTS (SELECT 1 FROM "Alert" a WHERE a."incidentId" = i.id AND a.status = 'firing') AS firing
    FROM "Incident" i WHERE i.id = ${id}`;
  return rows[0] ?? null;
}

/** Moves the incident to resolved unless it is already resolved or closed; true when it moved. */
export async function markIncidentResolved(tx: Tx, id: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const changed = await tx.$executeRaw`
    UPDATE "Incident" SET state = 'resolved', "resolvedAt" = ${at}::timestamp, "updatedAt" = ${at}::timestamp
    WHERE id = ${id} AND state NOT IN ('resolved', 'closed')`;
  return changed === 1;
}
