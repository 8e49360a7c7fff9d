// Hash chain of the audit trail: hash = sha256(prevHash + canonical JSON of the event).
// Canonical JSON sorts object keys, because Postgres jsonb does not keep key order and
// verification must recompute the same bytes from what the database returns.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  incidentId: string | null;
  traceId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
};

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The event's canonical JSON: what the hash covers besides the previous hash. */
export function eventBody(event: ChainedFields): string {
  return canonicalJson({
    at: event.at.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    incidentId: event.incidentId,
    traceId: event.traceId,
    targetType: event.targetType,
    targetId: event.targetId,
    data: event.data ?? {},
  });
}

// vigil_audit_chain_pending (prisma/migrations) computes the same hash in SQL when it chains an event.
export function eventHash(prevHash: string, event: ChainedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(eventBody(event)).digest("hex");
}
