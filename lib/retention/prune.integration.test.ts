// Retention on a real database: expired rows go, in batches; young rows, and rows a rule
// keeps, stay; a pass that removed something is audited, an empty one is not.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { pruneExpired } from "@/lib/retention/prune";
import { retentionRules, type RetentionRule } from "@/lib/retention/policy";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

describe("pruneExpired", () => {
  it("deletes telemetry older than its window in batches and keeps the rest", async () => {
    const service = unique("svc");
    await t.db.metricPoint.createMany({
      data: [
        ...Array.from({ length: 25 }, (_, i) => ({ service, name: "latency", value: i, at: daysAgo(8 + i / 100) })),
        { service, name: "latency", value: 999, at: daysAgo(6) },
      ],
    });
    await t.db.logEntry.createMany({
      data: [
        { service, level: "error", message: "old", at: daysAgo(9) },
        { service, level: "error", message: "new", at: daysAgo(1) },
      ],
    });
    await t.db.changeEvent.createMany({
      data: [
        { service, kind: "deploy", summary: "kept: changes live 90 days", at: daysAgo(9), idempotencyKey: unique("k") },
        { service, kind: "deploy", summary: "expired", at: daysAgo(91), idempotencyKey: unique("k") },
      ],
    });

    // A batch of 10 forces several rounds over the 25 expired points.
    const removed = await pruneExpired(t.db, retentionRules({ telemetry: 7, changes: 90 }), now, 10);
    expect(removed.MetricPoint).toBeGreaterThanOrEqual(25);
    expect((await t.db.metricPoint.findMany({ where: { service } })).map((p) => p.value)).toEqual([999]);
    expect((await t.db.logEntry.findMany({ where: { service } })).map((e) => e.message)).toEqual(["new"]);
    expect((await t.db.changeEvent.findMany({ where: { service } })).map((c) => c.summary)).toEqual(["kept: changes live 90 days"]);

    const audit = await t.db.auditEvent.findFirst({ where: { action: "retention.pruned" }, orderBy: { seq: "desc" } });
    expect((audit!.data as { removed: Record<string, number> }).removed.MetricPoint).toBe(removed.MetricPoint);
  });

  it("never deletes what a rule keeps, and audits nothing when nothing expired", async () => {
    const service = unique("svc");
    await t.db.logEntry.createMany({
      data: [
        { service, level: "error", message: "pinned", at: daysAgo(30) },
        { service, level: "info", message: "expired", at: daysAgo(30) },
      ],
    });
    const rules: RetentionRule[] = [
      { table: "LogEntry", column: "at", keepMs: 7 * DAY, keep: `level = 'error' AND service = '${service}'` },
    ];
    await pruneExpired(t.db, rules, now);
    expect((await t.db.logEntry.findMany({ where: { service } })).map((e) => e.message)).toEqual(["pinned"]);

    const before = await t.db.auditEvent.count({ where: { action: "retention.pruned" } });
    expect(await pruneExpired(t.db, rules, now)).toEqual({});
    expect(await t.db.auditEvent.count({ where: { action: "retention.pruned" } })).toBe(before);
  });
  it("keeps anomalies an incident cites, and forgets the rest of the detector's bookkeeping", async () => {
    const service = unique("svc");
    const incident = await t.db.incident.create({
      data: { title: "anomaly", groupKey: unique("g"), traceId: randomBytes(16).toString("hex") },
    });
    const anomaly = (at: Date, incidentId: string | null) => ({
      service,
      metric: "latency",
      kind: "metric",
      value: 1,
      mean: 0,
      stddev: 1,
      z: 5,
      severity: "critical" as const,
      at,
      peakAt: at,
      incidentId,
    });
    await t.db.anomaly.createMany({ data: [anomaly(daysAgo(10), incident.id), anomaly(daysAgo(10), null), anomaly(daysAgo(1), null)] });
    await t.db.logErrorMinute.createMany({
      data: [
        { service, minute: daysAgo(8), errors: 3 },
        { service, minute: daysAgo(1), errors: 4 },
      ],
    });
    await t.db.metricBaseline.createMany({
      data: [
        { service, name: "gone", ring: new Uint8Array(8), lastAt: daysAgo(8) },
        { service, name: "live", ring: new Uint8Array(8), lastAt: daysAgo(1) },
      ],
    });

    await pruneExpired(t.db, retentionRules({ telemetry: 7, changes: 90 }), now);
    expect(
      (await t.db.anomaly.findMany({ where: { service }, orderBy: { at: "asc" } })).map((a) => a.incidentId !== null || a.at > daysAgo(7)),
    ).toEqual([true, true]);
    expect((await t.db.logErrorMinute.findMany({ where: { service } })).map((m) => m.errors)).toEqual([4]);
    expect((await t.db.metricBaseline.findMany({ where: { service } })).map((b) => b.name)).toEqual(["live"]);
  });
});
