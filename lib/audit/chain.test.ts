import { describe, expect, it } from "vitest";
import { canonicalJson, eventHash, GENESIS_HASH, type ChainedFields } from "@/lib/audit/chain";

const event: ChainedFields = {
  at: new Date("2026-11-22T05:00:00Z"),
  actorType: "alertmanager",
  actorId: null,
  action: "alert.received",
  incidentId: "inc1",
  traceId: "a".repeat(32),
  targetType: "Alert",
  targetId: "al1",
  data: { b: 1, a: [1, { d: 2, c: 3 }] },
};

describe("audit hash chain", () => {
  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it("changes when any field or the previous hash changes", () => {
    const h = eventHash(GENESIS_HASH, event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(GENESIS_HASH, { ...event, data: { a: [1, { c: 3, d: 2 }], b: 1 } })).toBe(h);
    expect(eventHash(GENESIS_HASH, { ...event, action: "alert.resolved" })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...event, data: { b: 2, a: [1, { d: 2, c: 3 }] } })).not.toBe(h);
    expect(eventHash(h, event)).not.toBe(h);
  });
});
