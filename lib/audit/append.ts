// Appends audit events inside the caller's transaction, so an event exists if and only
// if the change it records was committed. A transaction-scoped advisory lock serialises
// appenders: each new event must see the previous event's hash. Take it last in the
// transaction, so the lock is held only for the append and the commit: the lock, the read
// of the chain's head and the inserts run in one SQL call (vigil_audit_append, see
// prisma/migrations), and the canonical bodies are built here before it.
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
