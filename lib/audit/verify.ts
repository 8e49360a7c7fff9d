// Walks the audit trail in order and recomputes every hash: any edit, deletion or
// reordering that bypassed the append-only trigger shows up as the first broken link. Held
// to a checkpoint (lib/audit/checkpoint.ts), the walk also catches a history rewritten with
// freshly computed hashes, whose links all match: the checkpointed event's hash changed.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { eventHash, GENESIS_HASH } from "@/lib/audit/chain";

/** The first event whose link is broken, enough to find it in the audit log. */
export type BrokenEvent = {
  seq: string;
  at: string;
  action: string;
  incidentId: string | null;
  targetType: string | null;
  targetId: string | null;
};

/**
 * `checked`: the events, from the first, known intact (before the break, when broken);
 * `recomputed`: the events this walk hashed and found intact. They differ when it started at a checkpoint.
 * `event` is null only when the event that broke the chain is gone and nothing follows it.
 */
export type ChainVerdict =
  | { ok: true; checked: number; recomputed: number; head: string; headSeq: string | null }
  | { ok: false; checked: number; recomputed: number; brokenAt: string; reason: string; event: BrokenEvent | null };

/** An event the chain must still pass through with this hash, the `events`-th of the chain. */
export type ChainAnchor = { seq: bigint; hash: string; events: number };

export type WalkOptions = {
  anchor?: ChainAnchor;
  /** "anchor": start at the anchor, trusting what it says of the events before it. */
  from?: "genesis" | "anchor";
};

const PAGE = 2_000;

export function brokenEvent(e: AuditEvent): BrokenEvent {
  return {
    seq: e.seq.toString(),
    at: e.at.toISOString(),
    action: e.action,
    incidentId: e.incidentId,
    targetType: e.targetType,
    targetId: e.targetId,
  };
}

function brokenLink(e: AuditEvent, checked: number, recomputed: number, reason: string): ChainVerdict {
  return { ok: false, checked, recomputed, brokenAt: e.seq.toString(), reason, event: brokenEvent(e) };
}

function missingAnchor(anchor: ChainAnchor, checked: number, recomputed: number, next: AuditEvent | null): ChainVerdict {
  const reason = `the checkpointed event #${anchor.seq} is missing`;
  // The event after the gap is the first broken link; with nothing after it, the gap itself.
  if (next) return brokenLink(next, checked, recomputed, reason);
  return { ok: false, checked, recomputed, brokenAt: anchor.seq.toString(), reason, event: null };
}

// Takes a transaction too, so a caller can verify one consistent snapshot.
export async function verifyAuditChain(db: Pick<Db, "auditEvent">, options: WalkOptions = {}): Promise<ChainVerdict> {
  const { anchor } = options;
  const resume = anchor !== undefined && options.from === "anchor";
  let prevHash = GENESIS_HASH;
  let headSeq: string | null = null;
  let checked = resume ? anchor.events - 1 : 0;
  let recomputed = 0;
  let anchored = anchor === undefined;
  let where: { seq?: { gt: bigint } | { gte: bigint } } = resume ? { seq: { gte: anchor.seq } } : {};
  for (;;) {
    const page = await db.auditEvent.findMany({ where, orderBy: { seq: "asc" }, take: PAGE });
    for (const e of page) {
      if (!anchored && e.seq > anchor!.seq) return missingAnchor(anchor!, checked, recomputed, e);
      // Resuming: the events before the checkpoint verified when it was recorded, and this
      // event's hash, checked against the checkpoint below, commits to all of them.
      if (resume && e.seq === anchor.seq) prevHash = e.prevHash;
      // A deleted, inserted or reordered event breaks the link of the event after it.
      if (e.prevHash !== prevHash) return brokenLink(e, checked, recomputed, "previous hash does not match");
      // An edited event no longer matches its own hash.
      if (eventHash(prevHash, e) !== e.hash) return brokenLink(e, checked, recomputed, "event content does not match its hash");
      if (!anchored && e.seq === anchor!.seq) {
        // Every link matches but the hash changed: history was rewritten and hashed afresh.
        if (e.hash !== anchor!.hash) return brokenLink(e, checked, recomputed, "event no longer has the hash its checkpoint recorded");
        anchored = true;
      }
      recomputed += 1;
      prevHash = e.hash;
      headSeq = e.seq.toString();
      checked += 1;
    }
    if (page.length < PAGE) {
      return anchored ? { ok: true, checked, recomputed, head: prevHash, headSeq } : missingAnchor(anchor!, checked, recomputed, null);
    }
    where = { seq: { gt: page[page.length - 1]!.seq } };
  }
}
