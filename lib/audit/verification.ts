// Verifying the audit trail, as the console and the API ask for it. The incremental check
// (the default) starts at the newest checkpoint: it re-verifies the checkpointed event's
// content and hash, then every event after it. Full verification walks from the first event
// and holds the chain to that checkpoint. Either is also held to the last head exported
// outside the database (lib/audit/exported-head.ts), when there is one. An intact result
// moves the checkpoint forward.
import "server-only";
import type { Db } from "@/lib/db/client";
import { verifyAuditChain, type ChainVerdict } from "@/lib/audit/verify";
import { holdToExportedHead, type ExportedHeadCheck, type HeadExpectation } from "@/lib/audit/exported-head";
import {
  latestCheckpoint,
  recordCheckpoint,
  type Checkpoint,
  type CheckpointKey,
  type VerifiedBy,
  type VerifyMode,
} from "@/lib/audit/checkpoint";

/** A checkpoint as people read it: who verified what, when. */
export type CheckpointSummary = {
  seq: string;
  hash: string;
  events: number;
  mode: VerifyMode;
  verifiedAt: string;
  /** The user's email, or the actor type ("system") for checks nobody asked for. */
  verifiedBy: string;
};

export type AuditVerification = ChainVerdict & {
  mode: VerifyMode;
  /** false without a signing key: no checkpoints, every check walks the whole chain. */
  checkpoints: boolean;
  /** The checkpoint the check started from (incremental) or held the chain to (full). */
  from: CheckpointSummary | null;
  /** The checkpoint this check recorded; null when it found nothing new or the chain broken. */
  recorded: CheckpointSummary | null;
  /** How the chain compared with the exported head it was held to; null when there was none. */
  exportedHead: ExportedHeadCheck | null;
};

async function summary(db: Pick<Db, "user">, c: Checkpoint): Promise<CheckpointSummary> {
  const user = c.actorType === "user" && c.actorId ? await db.user.findUnique({ where: { id: c.actorId }, select: { email: true } }) : null;
  return {
    seq: c.seq.toString(),
    hash: c.hash,
    events: c.events,
    mode: c.mode,
    verifiedAt: c.verifiedAt.toISOString(),
    verifiedBy: user?.email ?? c.actorType,
  };
}

export async function verifyAuditTrail(
  db: Db,
  request: { mode: VerifyMode; by: VerifiedBy; key: CheckpointKey | null; head?: HeadExpectation | null },
): Promise<AuditVerification> {
  const { mode, by, key } = request;
  // Held to the exported head before a checkpoint is recorded: none may vouch for a chain the head contradicts.
  const held = (verdict: ChainVerdict) => holdToExportedHead(db, verdict, request.head ?? null);
  if (!key) return { ...(await held(await verifyAuditChain(db))), mode: "full", checkpoints: false, from: null, recorded: null };

  const { checkpoint, forged } = await latestCheckpoint(db, key);
  if (forged) {
    // Written without the key: not a starting point, and a sign that someone wrote to the trail's tables.
    const reason = `the checkpoint at event #${forged.seq} is not signed by this server: it was written outside Vigil`;
    const verdict = await held({ ok: false, checked: 0, recomputed: 0, brokenAt: forged.seq.toString(), reason, event: null });
    return { ...verdict, mode, checkpoints: true, from: null, recorded: null };
  }
  const anchor = checkpoint ? { seq: checkpoint.seq, hash: checkpoint.hash, events: checkpoint.events } : undefined;
  const verdict = await held(await verifyAuditChain(db, { anchor, from: mode === "incremental" ? "anchor" : "genesis" }));
  const from = checkpoint ? await summary(db, checkpoint) : null;
  if (!verdict.ok || verdict.headSeq === null || (checkpoint && BigInt(verdict.headSeq) <= checkpoint.seq)) {
    return { ...verdict, mode, checkpoints: true, from, recorded: null };
  }
  const next: Checkpoint = {
    seq: BigInt(verdict.headSeq),
    hash: verdict.head,
    events: verdict.checked,
    mode,
    actorType: by.type,
    actorId: by.id,
    verifiedAt: new Date(),
  };
  const recorded = (await recordCheckpoint(db, key, next)) ? await summary(db, next) : null;
  return { ...verdict, mode, checkpoints: true, from, recorded };
}
