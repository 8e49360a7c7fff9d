import { describe, expect, it } from "vitest";
import { lineageSettled } from "@/lib/client/lineage-queries";
import { shapeLineage } from "@/lib/lineage/shape";
import { action, records } from "@/lib/testing/lineage-records";
import type { Lineage } from "@/lib/lineage/types";

const lineage = (state: string, over: Parameters<typeof records>[0] = {}): Lineage => ({
  incident: { id: "inc1", number: 1, title: "t", state, severity: "critical", traceId: "x", openedAt: "2025-01-10T09:00:00.000Z" },
  nodes: shapeLineage(records(over)),
});

describe("lineageSettled", () => {
  it("keeps polling while the incident is open or a verification is pending", () => {
    expect(lineageSettled(undefined)).toBe(false);
    expect(lineageSettled(lineage("mitigating"))).toBe(false);
    expect(lineageSettled(lineage("resolved", { actions: [action("act1", { effective: null, verifiedAt: null })] }))).toBe(false);
  });

  it("stops once the incident is over and every action has its verdict", () => {
    expect(lineageSettled(lineage("resolved"))).toBe(true);
    expect(lineageSettled(lineage("closed", { actions: [] }))).toBe(true);
  });
});
