// Walks the audit trail in order and recomputes every hash: any edit, deletion or
// reordering that bypassed the append-only trigger shows up as the first broken link.
import "server-only";
import type { Db } from "@/lib/db/client";
import { eventHash, GENESIS_HASH } from "@/lib/audit/chain";

export type ChainVerdict =
  | { ok: true; checked: number; head: string }
  | { ok: false; checked: number; brokenAt: string; reason: string };

const PAGE = 2_000;

export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
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
      const seq = e.seq.toString();
      if (e.prevHash !== prevHash) return { ok: false, checked, brokenAt: seq, reason: "previous hash does not match" };
      const expected = eventHash(prevHash, e);
      if (expected !== e.hash) return { ok: false, checked, brokenAt: seq, reason: "event content does not match its hash" };
      prevHash = e.hash;
      checked += 1;
    }
    if (page.length < PAGE) return { ok: true, checked, head: prevHash };
    after = page[page.length - 1]!.seq;
  }
}
