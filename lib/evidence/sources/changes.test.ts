import { describe, expect, it } from "vitest";
import { changeDrafts } from "@/lib/evidence/sources/changes";
import type { Change } from "@/lib/changes/port";

const alertStart = new Date("2026-11-22T12:00:00Z");
const change = (minutesBefore: number, over: Partial<Change>): Change => ({
  at: new Date(alertStart.getTime() - minutesBefore * 60_000).toISOString(),
  kind: "deploy",
  namespace: "shop",
  name: "cart",
  summary: "deploy",
  ...over,
});

describe("changeDrafts", () => {
  it("puts the workload's own changes first, even when others are newer, and keeps at most 8", () => {
    const others = Array.from({ length: 10 }, (_, i) => change(i + 1, { name: `other-${i}` }));
    const own = change(50, { namespace: "", name: "checkout", summary: "checkout 2.3.1" });
    const [d] = changeDrafts([...others, own], { namespace: "shop", name: "checkout" }, alertStart);
    expect(d!.lines).toHaveLength(8);
    expect(d!.lines[0]).toContain("deploy checkout: checkout 2.3.1");
    expect(d!.facts[0]).toMatchObject({ kind: "change", name: "checkout", sameWorkload: true });
    expect(d!.facts.slice(1).every((f) => f.kind === "change" && !f.sameWorkload)).toBe(true);
  });

  it("does not take a change of the same name in another namespace for the workload's own", () => {
    const [d] = changeDrafts([change(5, { namespace: "media", name: "checkout" })], { namespace: "shop", name: "checkout" }, alertStart);
    expect(d!.facts[0]).toMatchObject({ sameWorkload: false });
    expect(d!.lines[0]).toContain("media/checkout");
  });

  it("has nothing to say without changes", () => {
    expect(changeDrafts([], { namespace: "shop", name: "checkout" }, alertStart)).toEqual([]);
  });
});
