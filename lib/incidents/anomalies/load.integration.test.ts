// An incident's anomalies as the incident page reads them: the linked episodes with their
// correlated deploy, the metric series averaged per step and the log series per minute with
// silent minutes as zero, the baseline band, and a clear 404 for an unknown incident.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { getIncidentAnomalies } from "@/lib/incidents/anomalies/load";
import { LOG_ERRORS_SERIES } from "@/lib/anomaly/config";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => t?.close());

const now = new Date("2026-11-22T12:00:00Z");
const min = (m: number) => new Date(now.getTime() + m * 60_000);

describe("getIncidentAnomalies", () => {
  it("returns the linked episodes, their deploy and the series behind them", async () => {
    const service = unique("shop/checkout");
    const incident = await t.db.incident.create({
      data: { title: "anomaly", groupKey: unique("anomaly"), traceId: randomBytes(16).toString("hex") },
    });
    const deploy = await t.db.changeEvent.create({
      data: {
        service,
        kind: "deploy",
        version: "2.3.1",
        actor: "alice",
        summary: "checkout 2.3.1",
        at: min(-42),
        idempotencyKey: unique("k"),
      },
    });
    await t.db.metricPoint.createMany({
      data: [
        ...Array.from({ length: 30 }, (_, i) => ({ service, name: "latency_ms", value: 100 + (i % 3), at: min(-60 + i) })),
        { service, name: "latency_ms", value: 900, at: min(-30) },
        { service, name: "latency_ms", value: 1100, at: min(-30) },
        // Another service's points never leak in.
        { service: unique("other"), name: "latency_ms", value: 5, at: min(-30) },
      ],
    });
    await t.db.logEntry.createMany({
      data: Array.from({ length: 12 }, () => ({ service, level: "error", message: "connection refused", at: min(-29) })),
    });
    await t.db.anomaly.createMany({
      data: [
        {
          service,
          metric: "latency_ms",
          kind: "metric",
          value: 1000,
          mean: 101,
          stddev: 1,
          z: 899,
          severity: "critical",
          at: min(-30),
          peakAt: min(-30),
          endedAt: min(-20),
          samples: 2,
          changeId: deploy.id,
          incidentId: incident.id,
        },
        {
          service,
          metric: LOG_ERRORS_SERIES,
          kind: "log_errors",
          value: 12,
          mean: 0.2,
          stddev: 0.4,
          z: 29.5,
          severity: "high",
          at: min(-29),
          peakAt: min(-29),
          incidentId: incident.id,
        },
        // Not linked to this incident.
        {
          service,
          metric: "latency_ms",
          kind: "metric",
          value: 1000,
          mean: 101,
          stddev: 1,
          z: 899,
          severity: "critical",
          at: min(-5),
          peakAt: min(-5),
        },
      ],
    });

    const { anomalies, series } = await getIncidentAnomalies(t.db, incident.id, now);
    expect(anomalies.map((a) => [a.metric, a.severity, a.change?.version ?? null])).toEqual([
      ["latency_ms", "critical", "2.3.1"],
      [LOG_ERRORS_SERIES, "high", null],
    ]);
    const [latency, errors] = series;
    expect(latency).toMatchObject({
      service,
      metric: "latency_ms",
      unit: "value",
      baseline: { mean: 101, low: 98.5, high: 103.5 },
      deploys: [{ label: "deploy 2.3.1" }],
    });
    expect(latency!.episodes).toEqual([{ start: min(-30), end: min(-20) }]);
    // Averaged per step: the two samples at −30 min are one point at their mean.
    expect(Math.max(...latency!.points.map((p) => p.v))).toBe(1000);
    // From half an hour before the episode to ten minutes after it ended; buckets start on their step.
    expect(latency!.window).toEqual({ start: min(-60), end: min(-10) });
    expect(latency!.points.every((p) => p.t > min(-61).getTime() && p.t < min(-10).getTime())).toBe(true);
    expect(latency!.points).toHaveLength(31);

    expect(errors).toMatchObject({ unit: "errors/min", episodes: [{ start: min(-29), end: null }] });
    expect(errors!.points.find((p) => p.t === min(-29).getTime())?.v).toBe(12);
    expect(errors!.points.filter((p) => p.v === 0).length).toBeGreaterThan(30);
    expect(errors!.window).toEqual({ start: min(-59), end: now });
  });

  it("has nothing for an incident without anomalies, and 404s an unknown one", async () => {
    const incident = await t.db.incident.create({
      data: { title: "alert", groupKey: unique("g"), traceId: randomBytes(16).toString("hex") },
    });
    expect(await getIncidentAnomalies(t.db, incident.id, now)).toEqual({ anomalies: [], series: [] });
    await expect(getIncidentAnomalies(t.db, "nope", now)).rejects.toMatchObject({ code: "not_found" });
  });
});
