// Every sort of the incident list, paged through with its cursor against the real database:
// the pages together are the whole ordered list, without gaps or repeats, ties included.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import type { Severity } from "@/lib/generated/prisma/enums";
import { listIncidents } from "@/lib/incidents/queries";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";
import { incidentSorts, type IncidentSort } from "@/lib/incidents/sort";
import { severities } from "@/lib/incidents/model";

let t: TestDb;
const namespace = unique("sort");
type Seeded = { id: string; title: string; severity: Severity; openedAt: Date; updatedAt: Date };
const seeded: Seeded[] = [];

beforeAll(async () => {
  t = await openTestDb();
  // Eleven incidents over three opening minutes and five severities: ties in every key.
  for (let i = 0; i < 11; i++) {
    const incident = await t.db.incident.create({
      data: {
        title: `sorted ${i}`,
        namespace,
        groupKey: `${namespace}-${i}`,
        traceId: randomBytes(16).toString("hex"),
        severity: severities[(i * 3) % severities.length]!,
        openedAt: new Date(Date.UTC(2026, 10, 22, 3, i % 3)),
      },
    });
    // updatedAt is the database's to set on every write: pin it, tied in pairs, with SQL.
    const updatedAt = new Date(Date.UTC(2026, 10, 22, 5, Math.floor(i / 2)));
    await t.db.$executeRaw`UPDATE "Incident" SET "updatedAt" = ${updatedAt} WHERE id = ${incident.id}`;
    seeded.push({ id: incident.id, title: incident.title, severity: incident.severity, openedAt: incident.openedAt, updatedAt });
  }
});
afterAll(async () => {
  await t?.close();
});

const byId = (a: Seeded, b: Seeded) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const time = (d: Date) => d.getTime();
const expected: Record<IncidentSort, (a: Seeded, b: Seeded) => number> = {
  newest: (a, b) => time(b.openedAt) - time(a.openedAt) || -byId(a, b),
  oldest: (a, b) => time(a.openedAt) - time(b.openedAt) || byId(a, b),
  updated: (a, b) => time(b.updatedAt) - time(a.updatedAt) || -byId(a, b),
  severity: (a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity) || time(b.openedAt) - time(a.openedAt) || -byId(a, b),
};

async function pageThrough(sort: IncidentSort, limit: number, extra: Record<string, string> = {}) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listIncidents(
      t.db,
      listIncidentsQuerySchema.parse({ namespace, sort, limit: String(limit), ...extra, ...(cursor ? { cursor } : {}) }),
    );
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 50);
  return seen;
}

describe("listIncidents sorted", () => {
  it.each(incidentSorts)("pages the %s order with its cursor, ties included, without gaps or repeats", async (sort) => {
    const want = [...seeded].sort(expected[sort]).map((s) => s.id);
    // Page sizes that split ties across pages, and one page holding everything.
    for (const limit of [1, 2, 3, 4, 20]) expect(await pageThrough(sort, limit), `limit ${limit}`).toEqual(want);
  });

  it("keeps the order under a filter: the most severe of the critical and high incidents first", async () => {
    const want = [...seeded]
      .filter((s) => s.severity === "critical" || s.severity === "high")
      .sort(expected.severity)
      .map((s) => s.id);
    expect(await pageThrough("severity", 2, { severity: "critical,high" })).toEqual(want);
  });

  it("refuses a cursor of another sort with a bad request", async () => {
    const first = await listIncidents(t.db, listIncidentsQuerySchema.parse({ namespace, sort: "newest", limit: "2" }));
    const cursor = first.nextCursor!;
    await expect(listIncidents(t.db, listIncidentsQuerySchema.parse({ namespace, sort: "severity", cursor }))).rejects.toMatchObject({
      code: "bad_request",
    });
  });
});
