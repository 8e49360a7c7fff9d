import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { verifyAuditChain } from "@/lib/audit/verify";
import { rewriteAuditData, withoutAppendOnly } from "@/lib/testing/audit";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("audit chain", () => {
  it("stays intact under concurrent appenders", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.db.$transaction((tx) =>
          appendAudit(prismaSql(tx), [
            { action: "incident.state_changed", actorType: "system", targetId: unique("c"), data: { i, nested: { z: 1, a: [1, 2] } } },
            { action: "incident.state_changed", actorType: "system", data: { i, second: true } },
          ]),
        ),
      ),
    );
    const verdict = await verifyAuditChain(t.db);
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBeGreaterThanOrEqual(24);
  });

  it("rolls the audit event back with the change it records", async () => {
    const marker = unique("rollback");
    await expect(
      t.db.$transaction(async (tx) => {
        await appendAudit(prismaSql(tx), [{ action: "incident.state_changed", actorType: "system", targetId: marker }]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await t.db.auditEvent.count({ where: { targetId: marker } })).toBe(0);
  });

  it("reports an event edited behind the trigger's back as the first broken link", async () => {
    // Only the table's owner can disable the trigger; the chain still exposes the edit.
    const target = unique("tamper");
    await t.db.$transaction((tx) =>
      appendAudit(prismaSql(tx), [{ action: "incident.state_changed", actorType: "system", targetId: target, data: { to: "resolved" } }]),
    );
    const { seq } = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } });
    await rewriteAuditData(t.db, seq, { to: "closed" });
    try {
      const verdict = await verifyAuditChain(t.db);
      expect(verdict).toMatchObject({
        ok: false,
        brokenAt: seq.toString(),
        reason: "event content does not match its hash",
        event: { seq: seq.toString(), action: "incident.state_changed", targetId: target },
      });
    } finally {
      // Put history back (the embedded database is shared by other test files).
      await rewriteAuditData(t.db, seq, { to: "resolved" });
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("reports the event after a deleted one", async () => {
    const marker = unique("delete");
    await t.db.$transaction((tx) =>
      appendAudit(
        prismaSql(tx),
        ["a", "b", "c"].map((step) => ({
          action: "incident.state_changed" as const,
          actorType: "system" as const,
          targetId: `${marker}-${step}`,
          data: { step },
        })),
      ),
    );
    const [, b, c] = await t.db.auditEvent.findMany({ where: { targetId: { startsWith: marker } }, orderBy: { seq: "asc" } });
    // Deleted and verified inside one transaction that is then rolled back: nobody else sees it.
    const rollback = new Error("rollback");
    let verdict: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    await expect(
      t.db.$transaction(async (tx) => {
        await withoutAppendOnly(tx, () => tx.auditEvent.delete({ where: { seq: b!.seq } }));
        verdict = await verifyAuditChain(tx);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: c!.seq.toString(),
      reason: "previous hash does not match",
      event: { targetId: `${marker}-c` },
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
