// sqlTransaction's flushAfterCommit (the webhook's transaction): the caller sees a committed
// transaction when it resolves, the asynchronous commit never leaks into the pooled
// connection's later work, and a failure still rolls everything back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { sqlTransaction } from "@/lib/db/sql";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const setting = (sql: { rows<T>(text: string): Promise<T[]> }) =>
  sql.rows<{ synchronous_commit: string }>("SHOW synchronous_commit").then((r) => r[0]!.synchronous_commit);

describe("sqlTransaction with flushAfterCommit", () => {
  it("commits asynchronously inside, and resolves once a synchronous commit has followed it", async () => {
    const email = `${unique("flush")}@example.test`;
    const inside = await sqlTransaction(
      t.db,
      async (sql) => {
        await sql.run(`INSERT INTO "User" (id, email, "passwordHash", "updatedAt") VALUES ($1, $2, 'x', now())`, [unique("u"), email]);
        return setting(sql);
      },
      { flushAfterCommit: true },
    );
    expect(inside).toBe("off");
    expect(await t.db.user.count({ where: { email } })).toBe(1);
    // Every connection of the pool is back to synchronous commits afterwards.
    const after = await Promise.all(Array.from({ length: 4 }, () => sqlTransaction(t.db, setting)));
    expect(after).toEqual(["on", "on", "on", "on"]);
  });

  it("rolls back when the work fails", async () => {
    const email = `${unique("flush-fail")}@example.test`;
    await expect(
      sqlTransaction(
        t.db,
        async (sql) => {
          await sql.run(`INSERT INTO "User" (id, email, "passwordHash", "updatedAt") VALUES ($1, $2, 'x', now())`, [unique("u"), email]);
          throw new Error("the work failed");
        },
        { flushAfterCommit: true },
      ),
    ).rejects.toThrow("the work failed");
    expect(await t.db.user.count({ where: { email } })).toBe(0);
  });
});
