// cuid: the shape of Prisma's ids, and no repeats.
import { describe, expect, it } from "vitest";
import { cuid } from "@/lib/db/cuid";

describe("cuid", () => {
  it("has the shape of Prisma's cuid() ids and does not repeat", () => {
    const ids = Array.from({ length: 5_000 }, cuid);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^c[a-z0-9]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
