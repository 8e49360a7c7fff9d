// Rewrites audit history the way only the table's owner could: the append-only trigger is
// disabled for one statement inside a transaction (ALTER TABLE holds its lock until commit,
// so no other session ever writes without the trigger). Works on PostgreSQL and PGlite.
import type { Db, Tx } from "@/lib/db/client";

const TRIGGER = `"AuditEvent_no_update_delete"`;

export async function withoutAppendOnly<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ${TRIGGER}`);
  const result = await work();
  await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER ${TRIGGER}`);
  return result;
}

/** Replaces one event's data behind the chain's back (and commits). */
export async function rewriteAuditData(db: Db, seq: bigint, data: Record<string, unknown>): Promise<void> {
  await db.$transaction((tx) =>
    withoutAppendOnly(tx, () =>
      tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET data = $1::jsonb WHERE seq = $2::bigint`, JSON.stringify(data), seq.toString()),
    ),
  );
}
