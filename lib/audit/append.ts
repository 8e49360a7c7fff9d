// Appends audit events inside the caller's transaction, so an event exists if and only
// if the change it records was committed. A transaction-scoped advisory lock serialises
// appenders: each new event must see the previous event's hash. Take it last in the
// transaction, so the lock is held only for the append and the commit: the lock, the read
// of the chain's head and the inserts run in one SQL call (vigil_audit_append, see
// prisma/migrations), and the canonical bodies are built here before it.
import "server-only";
import type { Tx } from "@/lib/db/client";
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

export async function appendAudit(tx: Tx, events: AuditInput[]): Promise<void> {
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
  await tx.$executeRaw`
    SELECT vigil_audit_append(${at.toISOString()}::timestamp, ${column("actorType")}::text[], ${column("actorId")}::text[],
      ${column("action")}::text[], ${column("incidentId")}::text[], ${column("traceId")}::text[], ${column("targetType")}::text[],
      ${column("targetId")}::text[], ${rows.map((r) => JSON.stringify(r.data))}::jsonb[], ${rows.map(eventBody)}::text[])`;
}
