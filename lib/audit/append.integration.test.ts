// Audit events are staged by the append and chained when their transaction commits
// (prisma/migrations/*_audit_chain_at_commit): in the order they were appended, never
// before the commit, never after a rollback, and nothing is left staged either way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql, sqlTransaction } from "@/lib/db/sql";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const staged = async () => Number((await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "AuditPending"`))[0]!.n);

describe("the audit append", () => {
  it("chains a transaction's events at its commit, in the order they were appended", async () => {
    const marker = unique("order");
    const seenInside = await sqlTransaction(t.db, async (sql) => {
      await appendAudit(sql, [
        { action: "incident.state_changed", actorType: "system", targetId: marker, data: { n: 1 } },
        { action: "incident.state_changed", actorType: "system", targetId: marker, data: { n: 2 } },
      ]);
      await appendAudit(sql, [{ action: "incident.state_changed", actorType: "user", actorId: "u1", targetId: marker, data: { n: 3 } }]);
      return (await sql.rows<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditEvent" WHERE "targetId" = $1`, [marker]))[0]!.n;
    });
    // Staged, not chained, while the transaction is open: the chain's lock is not taken yet.
    expect(seenInside).toBe("0");
    const events = await t.db.auditEvent.findMany({ where: { targetId: marker }, orderBy: { seq: "asc" } });
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.actorType)).toEqual(["system", "system", "user"]);
    // Each links to the one before it.
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[2]!.prevHash).toBe(events[1]!.hash);
    expect(await staged()).toBe(0);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("leaves nothing chained or staged when the transaction rolls back", async () => {
    const marker = unique("rollback");
    await expect(
      sqlTransaction(t.db, async (sql) => {
        await appendAudit(sql, [{ action: "incident.state_changed", actorType: "system", targetId: marker }]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await t.db.auditEvent.count({ where: { targetId: marker } })).toBe(0);
    expect(await staged()).toBe(0);
  });

  it("chains an append made outside a transaction as its own statement commits", async () => {
    const marker = unique("autocommit");
    await appendAudit(prismaSql(t.db), [{ action: "incident.state_changed", actorType: "system", targetId: marker }]);
    expect(await t.db.auditEvent.count({ where: { targetId: marker } })).toBe(1);
    expect(await staged()).toBe(0);
  });

  it("chains a large batch in one transaction", async () => {
    const marker = unique("batch");
    await sqlTransaction(t.db, (sql) =>
      appendAudit(
        sql,
        Array.from({ length: 500 }, (_, n) => ({
          action: "alert.received" as const,
          actorType: "alertmanager" as const,
          targetId: marker,
          data: { n },
        })),
      ),
    );
    const events = await t.db.auditEvent.findMany({ where: { targetId: marker }, orderBy: { seq: "asc" }, select: { data: true } });
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
