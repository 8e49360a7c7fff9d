// Appends audit events inside the caller's transaction, so an event exists if and only
// if the change it records was committed. A transaction-scoped advisory lock serialises
// appenders: each new event must see the previous event's hash. Take it last in the
// transaction, so the lock is held only for the append and the commit.
import "server-only";
import type { Tx } from "@/lib/db/client";
import { eventHash, GENESIS_HASH, type ChainedFields } from "@/lib/audit/chain";
import type { ActorType, AuditAction } from "@/lib/audit/actions";

// An arbitrary constant naming "the audit chain" among advisory locks.
const AUDIT_CHAIN_LOCK = 7_161_616_001;

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
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = events.map((e) => {
    const fields: ChainedFields = {
      at,
      actorType: e.actorType,
      actorId: e.actorId ?? null,
      action: e.action,
      incidentId: e.incidentId ?? null,
      traceId: e.traceId ?? null,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      data: e.data ?? {},
    };
    const hash = eventHash(prevHash, fields);
    const row = { ...fields, data: fields.data as object, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.auditEvent.createMany({ data: rows });
}
