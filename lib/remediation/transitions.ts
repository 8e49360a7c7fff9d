// The action state machine: which state may follow which, and the one function every
// change of an action's state goes through. A move is a conditional update (it happens only
// from a state the caller expects, so of two writers exactly one moves the action) with its
// audit event in the same transaction.
import "server-only";
import type { ActionState, Prisma } from "@/lib/generated/prisma/client";
import { appendAudit, type AuditInput } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";

/**
 * proposed → the guard refuses it, a human (or an autonomous policy) approves or rejects it;
 * refused → only rejected (a refusal is never approved); approved → claimed for execution,
 * or expired when its approvals lapsed first; executing → executed or failed (by the
 * executor, or by the sweep after a crash); executed → rolled back by its undo. The rest are final.
 */
export const allowedActionMoves: Record<ActionState, readonly ActionState[]> = {
  proposed: ["refused", "approved", "rejected"],
  refused: ["rejected"],
  approved: ["executing", "expired"],
  executing: ["executed", "failed"],
  executed: ["rolled_back"],
  failed: [],
  rejected: [],
  expired: [],
  rolled_back: [],
};

export class IllegalActionTransition extends Error {
  constructor(from: string, to: string) {
    super(`an action cannot move from ${from} to ${to}`);
  }
}

export function assertActionMove(from: readonly ActionState[], to: ActionState): void {
  for (const f of from) if (!allowedActionMoves[f].includes(to)) throw new IllegalActionTransition(f, to);
}

export type ActionMove = {
  /** Columns written with the state (the executor's result, the error, the policy). */
  data?: Omit<Prisma.ProposedActionUpdateManyMutationInput, "state">;
  /** The audit event recording the move, written only when the action moved. Null only for
   * the executor's claim, whose event goes out with the request (lib/remediation/execute.ts). */
  audit: Omit<AuditInput, "targetType" | "targetId"> | null;
};

/** Moves the action from one of `from` to `to`; true when it moved, false when it was in none of them. */
export async function moveAction(
  tx: Prisma.TransactionClient,
  id: string,
  from: readonly ActionState[],
  to: ActionState,
  move: ActionMove,
): Promise<boolean> {
  assertActionMove(from, to);
  const moved = await tx.proposedAction.updateMany({ where: { id, state: { in: [...from] } }, data: { ...move.data, state: to } });
  if (moved.count !== 1) return false;
  if (move.audit) await appendAudit(prismaSql(tx), [{ ...move.audit, targetType: "ProposedAction", targetId: id }]);
  return true;
}
