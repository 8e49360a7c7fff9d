// A server shutting down closes its stream hub (lib/runtime/drain.ts): every open incident
// stream ends — an open one would keep the HTTP server from closing — and one asked for
// afterwards ends at once. The clients reconnect, to another instance, from their last event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { StreamHub } from "@/lib/stream/hub";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("closing the stream hub", () => {
  it("ends its subscribers' streams, and any subscribed later", async () => {
    const hub = new StreamHub(t.url);
    const ended: string[] = [];
    hub.subscribe(
      unique("inc"),
      () => undefined,
      () => ended.push("a"),
    );
    const unsubscribed = hub.subscribe(
      unique("inc"),
      () => undefined,
      () => ended.push("gone"),
    );
    hub.subscribe(
      unique("inc"),
      () => undefined,
      () => ended.push("b"),
    );
    unsubscribed();

    await hub.close();
    expect(ended).toEqual(["a", "b"]);

    hub.subscribe(
      unique("inc"),
      () => undefined,
      () => ended.push("late"),
    );
    expect(ended).toEqual(["a", "b", "late"]);
  });
});
