// The stream's storage and fan-out: events come back in order from any sequence number, and
// a subscriber hears about new events (LISTEN/NOTIFY, or the poll where that is missing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { emit, tokenWriter } from "@/lib/stream/write";
import { eventsAfter, parseLastEventId } from "@/lib/stream/read";
import { StreamHub } from "@/lib/stream/hub";
import { prismaSql } from "@/lib/db/sql";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("incident stream", () => {
  it("replays from any point, in order, and batches tokens", async () => {
    const incidentId = unique("inc");
    await emit(t.db, incidentId, "run1", [{ kind: "run.started", data: { runId: "run1", engine: "rules", attempt: 1 } }]);
    const tokens = tokenWriter(t.db, incidentId, "run1", 20);
    for (const piece of ["The ", "pool ", "is ", "drained"]) tokens.push(piece);
    await tokens.close();
    await emit(t.db, incidentId, "run1", [{ kind: "run.failed", data: { runId: "run1", error: "x" } }]);

    const all = await eventsAfter(t.db, incidentId, 0n);
    const kinds = all.map((e) => e.kind);
    expect(kinds[0]).toBe("run.started");
    expect(kinds[kinds.length - 1]).toBe("run.failed");
    const texts = all.filter((e) => e.kind === "token").map((e) => (e.data as { text: string }).text);
    // The first piece goes out alone, at once; the rest are batched.
    expect(texts[0]).toBe("The ");
    expect(texts.length).toBeLessThan(4);
    expect(texts.join("")).toBe("The pool is drained");
    const resumed = await eventsAfter(t.db, incidentId, parseLastEventId(all[0]!.seq));
    expect(resumed.map((e) => e.seq)).toEqual(all.slice(1).map((e) => e.seq));
    expect(parseLastEventId("not-a-number")).toBe(0n);
  });

  it("tells subscribers of the incident, and only them, that something is new", async () => {
    const hub = new StreamHub(t.url);
    const incidentId = unique("inc");
    let heard = 0;
    let other = 0;
    const stop = hub.subscribe(incidentId, () => heard++);
    const stopOther = hub.subscribe(unique("other"), () => other++);
    // A NOTIFY sent before the hub LISTENs is lost: on the real server, wait until it does.
    // (Without LISTEN, on the embedded database, the poll wakes everyone.)
    if (t.kind === "postgres") {
      const listening = () =>
        prismaSql(t.db).rows<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'vigil-stream' AND state = 'idle' AND query ILIKE 'LISTEN%'`,
        );
      await expect.poll(async () => (await listening())[0]!.n, { timeout: 10_000 }).toBe(1);
    }
    const before = { heard, other };
    await emit(t.db, incidentId, null, [{ kind: "run.failed", data: { runId: "r", error: "x" } }]);
    await expect.poll(() => heard, { timeout: 5_000 }).toBeGreaterThan(before.heard);
    // The poll (every 2 s) may wake both meanwhile, whenever it comes: only the notification
    // wakes one and not the other.
    if (t.kind === "postgres") await expect.poll(() => heard - before.heard > other - before.other, { timeout: 5_000 }).toBe(true);
    stop();
    stopOther();
    await hub.close();
  });
});
