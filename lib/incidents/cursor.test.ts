import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, type Cursor } from "@/lib/incidents/cursor";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";

const at = new Date("2026-11-22T05:00:00.123Z");

describe("incident list cursor", () => {
  it("round-trips a cursor of every sort", () => {
    const cursors: Cursor[] = [
      { sort: "newest", openedAt: at, id: "cabc" },
      { sort: "oldest", openedAt: at, id: "cabc" },
      { sort: "updated", updatedAt: at, id: "cabc" },
      { sort: "severity", severity: "high", openedAt: at, id: "cabc" },
    ];
    for (const c of cursors) expect(decodeCursor(encodeCursor(c), c.sort)).toEqual(c);
  });

  it("refuses a cursor made for another sort, rather than reading its key as this one's", () => {
    const newest = encodeCursor({ sort: "newest", openedAt: at, id: "cabc" });
    expect(() => decodeCursor(newest, "oldest")).toThrow(/cursor is for the newest order, not oldest/);
    expect(() => decodeCursor(newest, "severity")).toThrow(expect.objectContaining({ code: "bad_request" }));
  });

  it("rejects a forged or damaged cursor clearly", () => {
    const forge = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    for (const bad of [
      "garbage",
      forge({ sort: "newest" }),
      forge(["newest", "not a date", "cabc"]),
      forge(["newest", at.toISOString(), ""]),
      forge(["severity", "apocalyptic", at.toISOString(), "cabc"]),
      forge(["severity", at.toISOString(), "cabc"]),
      forge(["sideways", at.toISOString(), "cabc"]),
    ]) {
      expect(() => decodeCursor(bad, "newest"), bad).toThrow(/cursor is not valid/);
    }
  });
});

describe("incident list query", () => {
  it("parses comma-separated filters and names unknown values", () => {
    const q = listIncidentsQuerySchema.parse({ state: "open,investigating", severity: "critical", limit: "10" });
    expect(q).toMatchObject({ state: ["open", "investigating"], severity: ["critical"], limit: 10, sort: "newest" });
    const bad = listIncidentsQuerySchema.safeParse({ state: "opened" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/unknown state opened/);
    expect(listIncidentsQuerySchema.safeParse({ limit: "1000" }).success).toBe(false);
  });

  it("takes one of the known sorts, newest first by default", () => {
    expect(listIncidentsQuerySchema.parse({ sort: "severity" }).sort).toBe("severity");
    expect(listIncidentsQuerySchema.parse({}).sort).toBe("newest");
    const bad = listIncidentsQuerySchema.safeParse({ sort: "random" });
    expect(bad.error?.issues[0]?.message).toMatch(/unknown sort; expected one of newest, oldest, severity, updated/);
  });
});
