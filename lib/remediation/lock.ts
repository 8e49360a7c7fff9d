// One action's decisions take turns: approving, previewing and claiming each lock the action's
// row first, so two of them at the same moment act one after the other on what the first left.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Takes the action's row lock for the rest of the transaction and reads the action as it now is. */
export async function lockAction(tx: Prisma.TransactionClient, id: string) {
  await tx.$queryRaw`SELECT id FROM "ProposedAction" WHERE id = ${id} FOR UPDATE`;
  return tx.proposedAction.findUnique({ where: { id } });
}
