// The change feed over ingested ChangeEvent rows: the window, the service split into
// namespace and name, who and which commit, and the bound on what one read returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { dbChangeFeed } from "@/lib/changes/db";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => t?.close());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("dbChangeFeed", () => {
  it("reads the changes inside the window, newest first, named as the evidence expects", async () => {
    const name = unique("checkout");
    await t.db.changeEvent.createMany({
      data: [
        {
          service: `shop/${name}`,
          kind: "deploy",
          version: "2.3.1",
          commit: "0123456789abcdef0123",
          actor: "alice",
          summary: "deploy 2.3.1",
          at: minutesAgo(10),
          idempotencyKey: unique("k"),
        },
        { service: name, kind: "config", summary: "raise pool size", at: minutesAgo(20), idempotencyKey: unique("k") },
        { service: name, kind: "deploy", summary: "too old for the window", at: minutesAgo(120), idempotencyKey: unique("k") },
      ],
    });
    const changes = (await dbChangeFeed(t.db).recentChanges(minutesAgo(60), new Date())).filter((c) => c.name === name);
    expect(changes).toEqual([
      {
        at: changes[0]!.at,
        kind: "deploy",
        namespace: "shop",
        name,
        summary: "deploy 2.3.1 (commit 0123456789ab by alice)",
        version: "2.3.1",
      },
      { at: changes[1]!.at, kind: "config", namespace: "", name, summary: "raise pool size" },
    ]);
    expect(Date.parse(changes[0]!.at)).toBeGreaterThan(Date.parse(changes[1]!.at));
  });
});
