// The audit chain's lock is taken at commit, so an open transaction that has appended does
// not hold up anyone else's (prisma/migrations/*_audit_chain_at_commit). Before, the append
// took the lock mid-transaction and held it until the commit: a second appender waited for
// the first to finish whatever it did next. Real PostgreSQL only: the embedded server runs
// one transaction at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit } from "@/lib/audit/append";
import { sqlTransaction } from "@/lib/db/sql";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("the audit append on PostgreSQL", () => {
  it("lets another appender commit while a transaction that appended is still open", async () => {
    const first = unique("first");
    const second = unique("second");
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const hasAppended = new Promise<void>((resolve) => (appended = resolve));
    const open = sqlTransaction(t.db, async (sql) => {
      await appendAudit(sql, [{ action: "incident.state_changed", actorType: "system", targetId: first }]);
      appended();
      await released;
    });
    await hasAppended;
    // With the lock taken at the append, this would wait for `open`, which waits for it.
    const other = sqlTransaction(t.db, (sql) =>
      appendAudit(sql, [{ action: "incident.state_changed", actorType: "system", targetId: second }]),
    );
    const outcome = await Promise.race([other.then(() => "committed"), new Promise((r) => setTimeout(() => r("blocked"), 5_000))]);
    release();
    await open;
    await other;
    expect(outcome).toBe("committed");
    // Chained in commit order: the one that committed first comes first.
    const [a, b] = await Promise.all([
      t.db.auditEvent.findFirstOrThrow({ where: { targetId: second } }),
      t.db.auditEvent.findFirstOrThrow({ where: { targetId: first } }),
    ]);
    expect(a.seq).toBeLessThan(b.seq);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("stays one chain under many concurrent appenders", async () => {
    const marker = unique("many");
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sqlTransaction(t.db, (sql) =>
          appendAudit(sql, [
            { action: "incident.state_changed", actorType: "system", targetId: marker, data: { i, part: 1 } },
            { action: "incident.state_changed", actorType: "system", targetId: marker, data: { i, part: 2 } },
          ]),
        ),
      ),
    );
    const events = await t.db.auditEvent.findMany({ where: { targetId: marker }, orderBy: { seq: "asc" }, select: { data: true } });
    expect(events).toHaveLength(80);
    // A transaction's two events are adjacent: nobody else's event lands between them.
    for (let k = 0; k < events.length; k += 2) {
      const [x, y] = [events[k]!.data as { i: number; part: number }, events[k + 1]!.data as { i: number; part: number }];
      expect([x.i, x.part, y.part]).toEqual([y.i, 1, 2]);
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
