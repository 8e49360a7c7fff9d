// Holding the chain to a head exported outside the database (lib/audit/head.ts). The walk
// checks that every link matches, but the database's owner can rewrite history and hash it
// afresh, and delete the checkpoints that would have caught it. A head they cannot reach
// (a file, a log aggregator, a webhook's receiver) still can: the event it names must exist
// and have exactly its hash. A rewritten history changes that hash; a cut-back trail loses it.
import "server-only";
import type { Db } from "@/lib/db/client";
import { brokenEvent, type ChainVerdict } from "@/lib/audit/verify";

/** An exported head read back, or why the head file could not give one. */
export type HeadExpectation = { source: "file" | "given"; seq: bigint; hash: string; at?: string } | { source: "file"; unreadable: string };

/** How the chain compared with the exported head; seq and hash are null when the file's line could not be read. */
export type ExportedHeadCheck = {
  seq: string | null;
  hash: string | null;
  source: "file" | "given";
  /** When it was exported, as the head file says (a given head does not say). */
  exportedAt: string | null;
  ok: boolean;
  reason?: string;
};

export type HeldVerdict = ChainVerdict & { exportedHead: ExportedHeadCheck | null };

/**
 * The walk's verdict, held to `expected`: an intact walk becomes a break at the head's seq
 * when that event is gone or hashes differently. An unreadable head file is reported, but is
 * no evidence against the chain, so it leaves the verdict as the walk gave it.
 */
export async function holdToExportedHead(
  db: Pick<Db, "auditEvent">,
  verdict: ChainVerdict,
  expected: HeadExpectation | null,
): Promise<HeldVerdict> {
  if (!expected) return { ...verdict, exportedHead: null };
  if ("unreadable" in expected) {
    const exportedHead = { seq: null, hash: null, source: expected.source, exportedAt: null, ok: false, reason: expected.unreadable };
    return { ...verdict, exportedHead };
  }
  const seq = expected.seq.toString();
  const facts = { seq, hash: expected.hash, source: expected.source, exportedAt: expected.at ?? null };
  const event = await db.auditEvent.findUnique({ where: { seq: expected.seq } });
  const reason = !event
    ? `the exported head, event #${seq}, is missing: the trail was cut back, or this is not the database it was exported from`
    : event.hash !== expected.hash
      ? "event no longer has the hash its exported head recorded"
      : null;
  if (reason === null) return { ...verdict, exportedHead: { ...facts, ok: true } };
  const exportedHead = { ...facts, ok: false, reason };
  // A break the walk found first stays the verdict: it is the earlier evidence.
  if (!verdict.ok) return { ...verdict, exportedHead };
  // Every link matched: as with a checkpoint's hash (verify.ts), the break shows at the head,
  // and the events before it count as checked.
  const checked = await db.auditEvent.count({ where: { seq: { lt: expected.seq } } });
  const broken = { ok: false as const, checked, recomputed: verdict.recomputed, brokenAt: seq, reason };
  return { ...broken, event: event ? brokenEvent(event) : null, exportedHead };
}
