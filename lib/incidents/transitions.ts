// The incident state machine: which state may follow which, and the one function every
// state change goes through. A move is a conditional update on the row (it happens only
// from one of the states the caller expects, so two writers never both move it), stamps
// the time the state began, and appends its audit event in the same transaction: an
// incident never changes state without a record of who moved it and why.
import "server-only";
import type { IncidentState } from "@/lib/generated/prisma/enums";
import type { Sql } from "@/lib/db/sql";
import { appendAudit, type AuditInput } from "@/lib/audit/append";
import type { AuditAction } from "@/lib/audit/actions";
import { allowedIncidentMoves, terminalStates } from "@/lib/incidents/model";

export class IllegalTransition extends Error {
  constructor(from: string, to: string) {
    super(`an incident cannot move from ${from} to ${to}`);
  }
}

/** Throws unless every `from` may move to `to`: a caller asking for more is a bug, found in tests. */
export function assertIncidentMove(from: readonly IncidentState[], to: IncidentState): void {
  for (const f of from) if (!allowedIncidentMoves[f].includes(to)) throw new IllegalTransition(f, to);
}

// The column that records when the incident entered a state, where there is one.
const stampColumn: Partial<Record<IncidentState, string>> = { mitigating: "mitigatedAt", resolved: "resolvedAt", closed: "closedAt" };
// Reopened: it is no longer resolved or closed, so those times no longer hold (the audit trail keeps them).
const REOPEN_CLEARS = `, "resolvedAt" = NULL, "closedAt" = NULL`;

/** The audit action that names a move: resolved, closed and reopened read better than "state changed". */
function moveAction(from: readonly IncidentState[], to: IncidentState): AuditAction {
  if (to === "resolved") return "incident.resolved";
  if (to === "closed") return "incident.closed";
  if (from.every((f) => terminalStates.includes(f))) return "incident.reopened";
  return "incident.state_changed";
}

export type IncidentMove = {
  actorType: AuditInput["actorType"];
  actorId?: string | null;
  traceId: string | null;
  reason: string;
  data?: Record<string, unknown>;
  /** Where to put the audit event when the caller appends its events together at the end
   * of the transaction (ingest does: the audit lock is best held only for the commit). */
  into?: AuditInput[];
};

/**
 * Moves the incident from one of `from` to `to`, with its audit event, inside the caller's
 * transaction. Returns the state it left, or null when it was in none of `from` (someone
 * else moved it first, or it never got there): then nothing is written.
 */
export async function moveIncident(
  sql: Sql,
  id: string,
  from: readonly IncidentState[],
  to: IncidentState,
  move: IncidentMove,
  now = new Date(),
): Promise<IncidentState | null> {
  assertIncidentMove(from, to);
  const stamp = stampColumn[to];
  const reopening = !terminalStates.includes(to) && from.some((f) => terminalStates.includes(f));
  const rows = await sql.rows<{ previous: IncidentState }>(
    `UPDATE "Incident" i SET state = $3::"IncidentState", "updatedAt" = $4::timestamp${stamp ? `, "${stamp}" = $4::timestamp` : ""}${reopening ? REOPEN_CLEARS : ""}
     FROM (SELECT id, state FROM "Incident" WHERE id = $1 FOR UPDATE) old
     WHERE i.id = old.id AND old.state::text = ANY($2::text[])
     RETURNING old.state::text AS previous`,
    [id, [...from], to, now.toISOString()],
  );
  if (rows.length !== 1) return null;
  const previous = rows[0]!.previous;
  const event: AuditInput = {
    action: moveAction([previous], to),
    actorType: move.actorType,
    actorId: move.actorId ?? null,
    incidentId: id,
    traceId: move.traceId,
    targetType: "Incident",
    targetId: id,
    data: { from: previous, to, reason: move.reason, ...move.data },
  };
  if (move.into) move.into.push(event);
  else await appendAudit(sql, [event]);
  return previous;
}
