// The stream's storage and fan-out: events come back in order from any sequence number, and
// a subscriber hears about new events (LISTEN/NOTIFY, or the poll where that is missing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { emit, tokenWriter } from "@/lib/stream/write";
import { eventsAfter, parseLastEventId } from "@/lib/stream/read";
import { StreamHub } from "@/lib/stream/hub";

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
    await new Promise((r) => setTimeout(r, 300));
    const before = other;
    await emit(t.db, incidentId, null, [{ kind: "run.failed", data: { runId: "r", error: "x" } }]);
    await expect.poll(() => heard, { timeout: 5_000 }).toBeGreaterThan(0);
    stop();
    stopOther();
    await hub.close();
    // Without LISTEN (embedded database) the poll wakes everyone: only assert the real server.
    if (t.kind === "postgres") expect(other).toBe(before);
  });
});
