import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/incidents/cursor";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";

describe("incident list query", () => {
  it("round-trips a cursor and rejects a forged one clearly", () => {
    const cursor = { openedAt: new Date("2026-11-22T05:00:00.123Z"), id: "cabc" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor("garbage")).toThrow(/cursor is not valid/);
  });

  it("parses comma-separated filters and names unknown values", () => {
    const q = listIncidentsQuerySchema.parse({ state: "open,investigating", severity: "critical", limit: "10" });
    expect(q).toMatchObject({ state: ["open", "investigating"], severity: ["critical"], limit: 10 });
    const bad = listIncidentsQuerySchema.safeParse({ state: "opened" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/unknown state opened/);
    expect(listIncidentsQuerySchema.safeParse({ limit: "1000" }).success).toBe(false);
  });
});
