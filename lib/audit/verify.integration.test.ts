import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { verifyAuditChain } from "@/lib/audit/verify";

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

  it("finds an event edited behind the trigger's back", async () => {
    // Only a superuser can disable the trigger; the chain still exposes the edit.
    const target = unique("tamper");
    await t.db.$transaction((tx) => appendAudit(prismaSql(tx), [{ action: "incident.state_changed", actorType: "system", targetId: target, data: { to: "resolved" } }]));
    const rewrite = (data: string) =>
      t.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"`);
        await tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET data = '${data}' WHERE "targetId" = '${target}'`);
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_delete"`);
      });
    await rewrite('{"to":"closed"}');
    const verdict = await verifyAuditChain(t.db);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/does not match its hash/);
    // Put history back (the embedded database is shared by other test files).
    await rewrite('{"to":"resolved"}');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
