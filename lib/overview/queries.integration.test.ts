// The overview's aggregates on a real database: incidents per bucket and severity, MTTA and
// MTTR percentiles, alert volume, the noisiest alerts and the headline numbers, for seeded
// incidents in a namespace of their own (the embedded database is shared between files).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { getOverview } from "@/lib/overview/queries";
import { overviewQuerySchema } from "@/lib/overview/schemas";
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";

let t: TestDb;
const namespace = unique("overview");
const elsewhere = unique("overview-other");
const now = new Date("2026-11-20T12:30:00Z");
const at = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

type Seed = {
  openedAt: string;
  severity: Severity;
  mtta?: number;
  mttr?: number;
  /** Seconds to the first investigation that succeeded (a failed one before it does not count). */
  rca?: number;
  escalated?: boolean;
  ns?: string;
  alerts?: { alertname: string; receiveCount: number; offset?: number }[];
  actions?: { effective: boolean | null; executed?: boolean }[];
};

async function seed(s: Seed) {
  const openedAt = at(s.openedAt);
  const ns = s.ns ?? namespace;
  const state: IncidentState = s.mttr !== undefined ? "resolved" : s.mtta !== undefined ? "investigating" : "open";
  const incident = await t.db.incident.create({
    data: {
      title: `${s.severity} incident at ${s.openedAt}`,
      groupKey: unique("group"),
      traceId: randomBytes(16).toString("hex"),
      namespace: ns,
      workload: "api",
      severity: s.severity,
      state,
      escalated: s.escalated ?? false,
      openedAt,
      acknowledgedAt: s.mtta !== undefined ? plus(openedAt, s.mtta) : null,
      resolvedAt: s.mttr !== undefined ? plus(openedAt, s.mttr) : null,
    },
  });
  for (const [i, a] of (s.alerts ?? []).entries()) {
    const startsAt = plus(openedAt, a.offset ?? -60);
    await t.db.alert.create({
      data: {
        incidentId: incident.id,
        fingerprint: unique(`fp${i}`),
        startsAt,
        status: "firing",
        alertname: a.alertname,
        severity: s.severity,
        labels: { alertname: a.alertname, namespace: ns },
        annotations: {},
        raw: {},
        receiveCount: a.receiveCount,
        firstReceivedAt: openedAt,
        lastReceivedAt: plus(openedAt, 300),
      },
    });
  }
  if (s.rca !== undefined) {
    const run = (status: "failed" | "succeeded", seconds: number) =>
      t.db.agentRun.create({
        data: { incidentId: incident.id, traceId: incident.traceId, engine: "rules", status, finishedAt: plus(openedAt, seconds) },
      });
    await run("failed", s.rca / 2);
    await run("succeeded", s.rca);
    await run("succeeded", s.rca * 3);
  }
  for (const a of s.actions ?? []) {
    await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        traceId: incident.traceId,
        kind: "rollback",
        namespace: ns,
        name: "api",
        rationale: "seeded",
        state: a.executed === false ? "proposed" : "executed",
        executedAt: a.executed === false ? null : plus(openedAt, 200),
        effective: a.effective,
      },
    });
  }
  return incident;
}

beforeAll(async () => {
  t = await openTestDb();
  // Today (Nov 20): three incidents acknowledged after 60, 120 and 180 s; two resolved.
  await seed({
    openedAt: "2026-11-20T10:05:00Z",
    severity: "critical",
    mtta: 60,
    mttr: 600,
    rca: 20,
    alerts: [
      { alertname: "HighErrorRate", receiveCount: 3 },
      { alertname: "HighErrorRate", receiveCount: 1, offset: -30 },
    ],
    actions: [{ effective: true }, { effective: false }, { effective: null }, { effective: null, executed: false }],
  });
  await seed({
    openedAt: "2026-11-20T11:10:00Z",
    severity: "high",
    mtta: 120,
    mttr: 1200,
    rca: 40,
    alerts: [{ alertname: "HighErrorRate", receiveCount: 5 }],
  });
  await seed({
    openedAt: "2026-11-20T12:15:00Z",
    severity: "medium",
    mtta: 180,
    alerts: [{ alertname: "KubePodCrashLooping", receiveCount: 1 }],
  });
  // Two days ago: one escalated critical, one low never acknowledged.
  await seed({
    openedAt: "2026-11-18T08:00:00Z",
    severity: "critical",
    mtta: 30,
    mttr: 300,
    escalated: true,
    alerts: [{ alertname: "DiskFull", receiveCount: 10 }],
  });
  await seed({ openedAt: "2026-11-18T09:00:00Z", severity: "low", alerts: [{ alertname: "DiskFull", receiveCount: 1 }] });
  // Ten days ago: only in the 30-day range.
  await seed({
    openedAt: "2026-11-10T09:00:00Z",
    severity: "info",
    mtta: 10,
    mttr: 100,
    alerts: [{ alertname: "Watchdog", receiveCount: 1 }],
  });
  // Another namespace, today: left out by the namespace filter.
  await seed({
    openedAt: "2026-11-20T10:30:00Z",
    severity: "critical",
    ns: elsewhere,
    alerts: [{ alertname: "HighErrorRate", receiveCount: 50 }],
    actions: [{ effective: true }],
  });
});
afterAll(async () => {
  await t?.close();
});

const overview = (range: string, ns = namespace) => getOverview(t.db, overviewQuerySchema.parse({ range, namespace: ns }), now);

describe("getOverview", () => {
  it("counts incidents per day and severity over seven days, zero on quiet days", async () => {
    const o = await overview("7d");
    expect(o).toMatchObject({ range: "7d", unit: "day", from: at("2026-11-14T00:00:00Z"), to: at("2026-11-21T00:00:00Z") });
    expect(o.incidents.map((p) => p.t.slice(0, 10))).toEqual(["14", "15", "16", "17", "18", "19", "20"].map((d) => `2026-11-${d}`));
    expect(o.incidents.map((p) => p.total)).toEqual([0, 0, 0, 0, 2, 0, 3]);
    expect(o.incidents[6]).toMatchObject({ critical: 1, high: 1, medium: 1, low: 0, info: 0 });
    expect(o.incidents[4]).toMatchObject({ critical: 1, low: 1 });
  });

  it("computes MTTA and MTTR medians and p90 per day, null where nothing was acknowledged or resolved", async () => {
    const o = await overview("7d");
    const today = o.durations[6]!;
    expect(today).toMatchObject({ acknowledged: 3, resolved: 2, mttaP50: 120, mttrP50: 900 });
    // percentile_cont interpolates: 120 + 0.8 × (180 − 120), 600 + 0.9 × (1200 − 600).
    expect(today.mttaP90).toBeCloseTo(168);
    expect(today.mttrP90).toBeCloseTo(1140);
    expect(o.durations[4]).toMatchObject({ acknowledged: 1, resolved: 1, mttaP50: 30, mttrP50: 300 });
    expect(o.durations[5]).toMatchObject({ acknowledged: 0, resolved: 0, mttaP50: null, mttaP90: null, mttrP50: null, mttrP90: null });
  });

  it("adds up the headline: open now, escalated, median MTTA/MTTR and executed actions by outcome", async () => {
    const o = await overview("7d");
    expect(o.headline).toMatchObject({ open: 2, openEscalated: 0, opened: 5, escalated: 1 });
    // MTTA over the range: 30, 60, 120, 180 s; MTTR: 300, 600, 1200 s.
    expect(o.headline.mttaP50).toBeCloseTo(90);
    // Vigil's own first RCA, beside MTTA: 20 and 40 s (later runs and failed ones do not count).
    expect(o.headline.firstRcaP50).toBeCloseTo(30);
    expect(o.headline.mttrP50).toBeCloseTo(600);
    expect(o.headline.actions).toEqual({ executed: 3, verified: 1, ineffective: 1, unverified: 1 });
  });

  it("counts alert volume and ranks noisy alerts by firings, then deliveries", async () => {
    const o = await overview("7d");
    expect(o.alerts[6]).toMatchObject({ alerts: 4, deliveries: 10 });
    expect(o.alerts[4]).toMatchObject({ alerts: 2, deliveries: 11 });
    expect(o.noisy.map((n) => [n.alertname, n.namespace, n.alerts, n.deliveries, n.incidents])).toEqual([
      ["HighErrorRate", namespace, 3, 9, 2],
      ["DiskFull", namespace, 2, 11, 2],
      ["KubePodCrashLooping", namespace, 1, 1, 1],
    ]);
  });

  it("buckets by hour over 24 hours and reaches back 30 days by day", async () => {
    const day = await overview("24h");
    expect(day).toMatchObject({ unit: "hour", from: at("2026-11-19T13:00:00Z"), to: at("2026-11-20T13:00:00Z") });
    expect(day.incidents).toHaveLength(24);
    expect(day.incidents.slice(-3).map((p) => p.total)).toEqual([1, 1, 1]);
    expect(day.headline.opened).toBe(3);

    const month = await overview("30d");
    expect(month.incidents).toHaveLength(30);
    expect(month.headline.opened).toBe(6);
    expect(month.incidents.find((p) => p.t.startsWith("2026-11-10"))).toMatchObject({ info: 1, total: 1 });
    expect(month.noisy.map((n) => n.alertname)).toContain("Watchdog");
  });

  it("keeps namespaces apart", async () => {
    const other = await overview("7d", elsewhere);
    expect(other.headline).toMatchObject({ open: 1, opened: 1, actions: { executed: 1, verified: 1 } });
    expect(other.noisy).toEqual([expect.objectContaining({ alertname: "HighErrorRate", alerts: 1, deliveries: 50 })]);
  });
  it("counts anomalies per day and severity, and ranks the services that had most", async () => {
    const service = `${namespace}/checkout`;
    const anomaly = (iso: string, metric: string, severity: Severity, svc = service) => ({
      service: svc,
      metric,
      kind: "metric",
      value: 900,
      mean: 100,
      stddev: 20,
      z: 40,
      severity,
      at: at(iso),
      peakAt: at(iso),
    });
    await t.db.anomaly.createMany({
      data: [
        anomaly("2026-11-19T09:00:00Z", "latency_ms", "high"),
        anomaly("2026-11-20T09:00:00Z", "latency_ms", "critical"),
        anomaly("2026-11-20T10:00:00Z", "error_ratio", "medium"),
        // By the points' namespace label rather than the service's name.
        { ...anomaly("2026-11-20T11:00:00Z", "queue_depth", "medium", "worker"), labels: { namespace } },
        anomaly("2026-11-20T11:00:00Z", "latency_ms", "critical", `${elsewhere}/api`),
        anomaly("2026-11-01T11:00:00Z", "latency_ms", "critical"),
      ],
    });
    const week = await overview("7d");
    expect(week.anomalies.find((p) => p.t.startsWith("2026-11-20"))).toMatchObject({ critical: 1, medium: 2, total: 3 });
    expect(week.anomalies.find((p) => p.t.startsWith("2026-11-19"))).toMatchObject({ high: 1, total: 1 });
    expect(week.anomalousServices).toEqual([
      {
        service,
        anomalies: 3,
        worst: "critical",
        metrics: ["error_ratio", "latency_ms"],
        incidents: 0,
        lastAt: at("2026-11-20T10:00:00Z"),
      },
      { service: "worker", anomalies: 1, worst: "medium", metrics: ["queue_depth"], incidents: 0, lastAt: at("2026-11-20T11:00:00Z") },
    ]);
    expect((await overview("7d", elsewhere)).anomalousServices.map((s) => s.service)).toEqual([`${elsewhere}/api`]);
  });
});
