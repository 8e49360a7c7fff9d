// Error-minute bucketing and what each batch feeds to a service's error series.
import { describe, expect, it } from "vitest";
import { bucketErrors, minuteOf, minutePlan, MINUTE_MS } from "@/lib/anomaly/log-minutes";

const at = (s: string) => new Date(`2026-11-22T${s}Z`);
const m = (s: string) => Date.parse(`2026-11-22T${s}:00Z`);

describe("bucketErrors", () => {
  it("counts error and fatal entries per service and minute, and spans every entry", () => {
    const { counts, spans } = bucketErrors([
      { service: "b", level: "error", timestamp: at("10:00:59.999") },
      { service: "a", level: "fatal", timestamp: at("10:01:00") },
      { service: "a", level: "error", timestamp: at("10:01:30") },
      { service: "a", level: "warn", timestamp: at("10:03:10") },
      { service: "a", level: "info", timestamp: at("09:58:00") },
      { service: "b", level: "error", timestamp: at("10:00:00") },
    ]);
    expect(counts).toEqual([
      { service: "a", minute: m("10:01"), errors: 2 },
      { service: "b", minute: m("10:00"), errors: 2 },
    ]);
    expect(spans.get("a")).toEqual({ first: m("09:58"), last: m("10:03") });
    expect(spans.get("b")).toEqual({ first: m("10:00"), last: m("10:00") });
    expect(minuteOf(at("10:00:59.999"))).toBe(m("10:00"));
  });
});

describe("minutePlan", () => {
  it("feeds nothing on a service's first minute, and that minute once a later one arrives", () => {
    const first = minutePlan(null, { first: m("10:00"), last: m("10:00") }, 60)!;
    expect(first).toEqual({ from: m("10:00"), to: m("10:00"), open: m("10:00"), fedThrough: m("09:59") });
    const next = minutePlan(first.fedThrough, { first: m("10:01"), last: m("10:01") }, 60)!;
    expect(next).toEqual({ from: m("10:00"), to: m("10:01"), open: m("10:01"), fedThrough: m("10:00") });
  });

  it("judges the open minute again while it fills up, feeding nothing new", () => {
    expect(minutePlan(m("10:00"), { first: m("10:01"), last: m("10:01") }, 60)).toEqual({
      from: m("10:01"),
      to: m("10:01"),
      open: m("10:01"),
      fedThrough: m("10:00"),
    });
  });

  it("feeds silent minutes after a gap, at most the gap limit", () => {
    const plan = minutePlan(m("10:00"), { first: m("13:00"), last: m("13:00") }, 60)!;
    expect(plan.from).toBe(m("12:00"));
    expect((plan.to - plan.from) / MINUTE_MS).toBe(60);
  });

  it("ignores a batch whose entries are all at or before the last minute fed", () => {
    expect(minutePlan(m("10:05"), { first: m("10:01"), last: m("10:05") }, 60)).toBeNull();
  });
});
