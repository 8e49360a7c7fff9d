// Test helpers for audit verification: history rewritten the way only the table's owner
// could, each returning how to put it back (the embedded database is shared by test files).
import type { Db } from "@/lib/db/client";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { eventHash } from "@/lib/audit/chain";
import { withoutAppendOnly } from "@/lib/testing/audit";

type Row = Pick<AuditEvent, "seq" | "prevHash" | "hash"> & { data: unknown };

async function putRows(db: Db, rows: Row[]): Promise<void> {
  await db.$transaction((tx) =>
    withoutAppendOnly(tx, async () => {
      for (const r of rows) {
        await tx.$executeRawUnsafe(
          `UPDATE "AuditEvent" SET data = $1::jsonb, "prevHash" = $2, hash = $3 WHERE seq = $4::bigint`,
          JSON.stringify(r.data),
          r.prevHash,
          r.hash,
          r.seq.toString(),
        );
      }
    }),
  );
}

/**
 * Replaces event `seq`'s data and hashes it and every later event afresh: a forgery whose
 * links all match, which only a hash recorded elsewhere (a checkpoint) can expose.
 */
export async function rewriteAuditHistory(db: Db, seq: bigint, data: Record<string, unknown>): Promise<() => Promise<void>> {
  const originals = await db.auditEvent.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: "asc" } });
  let prevHash = originals[0]!.prevHash;
  const rewritten = originals.map((e) => {
    const next = { ...e, data: e.seq === seq ? data : e.data, prevHash };
    next.hash = eventHash(prevHash, next);
    prevHash = next.hash;
    return next;
  });
  await putRows(db, rewritten);
  return () => putRows(db, originals);
}

/** Deletes event `seq` (and commits); the returned function inserts it back as it was. */
export async function deleteAuditEvent(db: Db, seq: bigint): Promise<() => Promise<void>> {
  const original = await db.auditEvent.findUniqueOrThrow({ where: { seq } });
  await db.$transaction((tx) => withoutAppendOnly(tx, () => tx.auditEvent.delete({ where: { seq } })));
  return async () => {
    const { data, ...rest } = original;
    await db.auditEvent.create({ data: { ...rest, data: data ?? {} } });
  };
}
