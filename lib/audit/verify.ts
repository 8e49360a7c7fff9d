// Walks the audit trail in order and recomputes every hash: any edit, deletion or
// reordering that bypassed the append-only trigger shows up as the first broken link.
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

export type ChainVerdict =
  | { ok: true; checked: number; head: string }
  | { ok: false; checked: number; brokenAt: string; reason: string; event: BrokenEvent };

const PAGE = 2_000;

function brokenLink(e: AuditEvent, checked: number, reason: string): ChainVerdict {
  const seq = e.seq.toString();
  const event = { seq, at: e.at.toISOString(), action: e.action, incidentId: e.incidentId, targetType: e.targetType, targetId: e.targetId };
  return { ok: false, checked, brokenAt: seq, reason, event };
}

// Takes a transaction too, so a caller can verify one consistent snapshot.
export async function verifyAuditChain(db: Pick<Db, "auditEvent">): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await db.auditEvent.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    for (const e of page) {
      // A deleted, inserted or reordered event breaks the link of the event after it.
      if (e.prevHash !== prevHash) return brokenLink(e, checked, "previous hash does not match");
      // An edited event no longer matches its own hash.
      if (eventHash(prevHash, e) !== e.hash) return brokenLink(e, checked, "event content does not match its hash");
      prevHash = e.hash;
      checked += 1;
    }
    if (page.length < PAGE) return { ok: true, checked, head: prevHash };
    after = page[page.length - 1]!.seq;
  }
}
