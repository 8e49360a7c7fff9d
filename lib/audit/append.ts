// Appends audit events inside the caller's transaction, so an event exists if and only
// if the change it records was committed. vigil_audit_append (prisma/migrations) stages
// them; a deferred trigger chains them when the transaction commits, under the advisory lock
// that serialises appenders (each new event must see the previous event's hash). So the
// lock is held inside PostgreSQL's commit only, never across a round trip to this server,
// and a transaction's events are chained in the order they were appended. The canonical
// bodies the hashes cover are built here.
import "server-only";
import type { Sql } from "@/lib/db/sql";
import { eventBody, type ChainedFields } from "@/lib/audit/chain";
import type { ActorType, AuditAction } from "@/lib/audit/actions";

export type AuditInput = {
  action: AuditAction;
  actorType: ActorType;
  actorId?: string | null;
  incidentId?: string | null;
  traceId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  data?: Record<string, unknown>;
};

export async function appendAudit(sql: Sql, events: AuditInput[]): Promise<void> {
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
  await sql.rows(
    `SELECT vigil_audit_append($1::timestamp, $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::jsonb[], $10::text[])`,
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
