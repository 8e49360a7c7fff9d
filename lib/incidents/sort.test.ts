// The keyset condition of each sort against its ORDER BY, evaluated in memory: for every
// position of a cursor, "the rows after it" must be exactly the rows that follow it in the
// order, ties in time and in severity included. (The SQL is exercised by the integration test.)
import { describe, expect, it } from "vitest";
import type { Severity } from "@/lib/generated/prisma/enums";
import { severities } from "@/lib/incidents/model";
import { afterCursor, cursorAfter, incidentSorts, orderByFor, type IncidentSort } from "@/lib/incidents/sort";

type Row = { id: string; openedAt: Date; updatedAt: Date; severity: Severity };

const cmp = (a: unknown, b: unknown): number => {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "string" && severities.includes(a as Severity))
    return severities.indexOf(a as Severity) - severities.indexOf(b as Severity);
  return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
};

/** ORDER BY as the database runs it, from the same description the query uses. */
function comparator(sort: IncidentSort) {
  return (a: Row, b: Row) => {
    for (const term of orderByFor(sort)) {
      const [field, direction] = Object.entries(term)[0] as [keyof Row, "asc" | "desc"];
      const c = cmp(a[field], b[field]);
      if (c) return direction === "asc" ? c : -c;
    }
    return 0;
  };
}

/** The subset of Prisma's where input the keyset conditions use: AND, OR, equals, lt, lte, gt, gte, in. */
function matches(row: Row, where: Record<string, unknown>): boolean {
  return Object.entries(where).every(([key, value]) => {
    if (key === "AND") return (value as Record<string, unknown>[]).every((w) => matches(row, w));
    if (key === "OR") return (value as Record<string, unknown>[]).some((w) => matches(row, w));
    const field = row[key as keyof Row];
    if (value instanceof Date || typeof value === "string") return cmp(field, value) === 0;
    const filter = value as { lt?: unknown; lte?: unknown; gt?: unknown; gte?: unknown; in?: unknown[] };
    if (filter.in) return filter.in.includes(field);
    if (filter.lt !== undefined) return cmp(field, filter.lt) < 0;
    if (filter.lte !== undefined) return cmp(field, filter.lte) <= 0;
    if (filter.gt !== undefined) return cmp(field, filter.gt) > 0;
    if (filter.gte !== undefined) return cmp(field, filter.gte) >= 0;
    throw new Error(`unsupported filter ${JSON.stringify(value)}`);
  });
}

// Few distinct values, so ties are everywhere: same openedAt, same severity, same updatedAt.
const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
  id: `c${((i * 7919) % 97).toString().padStart(3, "0")}`,
  openedAt: new Date(Date.UTC(2026, 10, 22, 3, i % 4)),
  updatedAt: new Date(Date.UTC(2026, 10, 22, 4, (i * 3) % 5)),
  severity: severities[(i * 5) % severities.length]!,
}));

describe("incident sorts", () => {
  it.each(incidentSorts)("%s: the rows after a cursor are exactly those that follow it in the order", (sort) => {
    const ordered = [...rows].sort(comparator(sort));
    for (let i = 0; i < ordered.length; i++) {
      const after = rows.filter((r) => matches(r, afterCursor(cursorAfter(sort, ordered[i]!)) as Record<string, unknown>));
      expect(after.sort(comparator(sort)).map((r) => r.id)).toEqual(ordered.slice(i + 1).map((r) => r.id));
    }
  });

  it("orders as named: newest and oldest by opening, most severe first, recently updated first", () => {
    const first = (sort: IncidentSort) => [...rows].sort(comparator(sort))[0]!;
    const times = rows.map((r) => r.openedAt.getTime());
    expect(first("newest").openedAt.getTime()).toBe(Math.max(...times));
    expect(first("oldest").openedAt.getTime()).toBe(Math.min(...times));
    expect(first("severity").severity).toBe("critical");
    expect(first("updated").updatedAt.getTime()).toBe(Math.max(...rows.map((r) => r.updatedAt.getTime())));
    // Every order ends with the id: no two rows tie, so a page boundary is never ambiguous.
    for (const sort of incidentSorts) expect(Object.keys(orderByFor(sort).at(-1)!)).toEqual(["id"]);
  });
});
