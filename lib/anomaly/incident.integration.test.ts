// Done when: a service with no Alertmanager pushes metrics, logs and a deploy, and gets an
// incident through the alert path with a cited RCA; when it is normal again, the resolved
// alert resolves the incident. Real routes, real database, the investigation as the worker
// runs it (the service is not on Kubernetes: no cluster to read).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { investigateIncident } from "@/lib/investigation/investigate";
import { unavailableCluster } from "@/lib/cluster/unavailable";
import { dbChangeFeed } from "@/lib/changes/db";
import { dbTelemetry } from "@/lib/telemetry/db";
import { verifyAuditChain } from "@/lib/audit/verify";
import { loadRoutes, newSecret, sender, series, unloadRoutes, type Routes } from "@/lib/testing/anomaly-routes";

let t: TestDb;
let routes: Routes;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await openTestDb();
  routes = await loadRoutes(t.db, t.url);
  send = sender(() => routes, await newSecret(t));
});

afterAll(async () => {
  await unloadRoutes();
  await t?.close();
});

describe("a service without Alertmanager", () => {
  it("pushes metrics, logs and a deploy, and gets an incident with a cited RCA that resolves when it recovers", async () => {
    const service = unique("checkout");
    const T0 = Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000;
    const minute = (m: number, s = 0) => new Date(T0 + m * 60_000 + s * 1000).toISOString();
    const spikeAt = T0 + 60 * 60_000;

    // An hour of normal latency (every 10 s, 120 ± 10 ms) and quiet logs.
    expect((await send("metrics", { points: series(service, "http_latency_ms", T0, 360, { mean: 120, sd: 10 }) })).body).toMatchObject({
      anomalies: 0,
    });
    const quiet = Array.from({ length: 60 }, (_, m) => [
      { service, level: "info", message: `GET /cart 200 in ${100 + m} ms`, timestamp: minute(m, 5) },
      ...(m % 7 === 0 ? [{ service, level: "warn", message: "slow query on carts (850 ms)", timestamp: minute(m, 40) }] : []),
    ]).flat();
    expect((await send("logs", { entries: quiet })).body).toMatchObject({ anomalies: 0 });

    // alice deploys 2.3.1 ten minutes before it goes wrong.
    const deploy = {
      id: unique("deploy"),
      service,
      kind: "deploy",
      version: "2.3.1",
      actor: "alice",
      commit: "9f1c2ab",
      summary: "checkout 2.3.1: new payment client",
      timestamp: new Date(spikeAt - 10 * 60_000).toISOString(),
    };
    expect((await send("changes", { changes: [deploy] })).status).toBe(202);

    // Latency jumps to ~950 ms for a minute, and the payment client throws.
    const slow = series(service, "http_latency_ms", spikeAt, 6, { mean: 950, sd: 30, seed: 7 });
    const errors = Array.from({ length: 50 }, (_, i) => ({
      service,
      level: "error",
      message: `TypeError: Cannot read properties of undefined (reading 'amount') at PaymentClient.charge (payment.js:${40 + (i % 3)})`,
      timestamp: minute(60, i),
    }));
    const logsReceipt = await send("logs", { entries: errors });
    expect(logsReceipt).toMatchObject({ status: 202, body: { anomalies: 1 } });
    const metricsReceipt = await send("metrics", { points: slow });
    expect(metricsReceipt).toMatchObject({ status: 202, body: { anomalies: 1 } });

    // One incident, opened through the alert path: group anomaly:<service>, a VigilAnomaly and a VigilErrorSpike alert.
    const incident = await t.db.incident.findFirstOrThrow({ where: { groupKey: `anomaly:${service}` }, include: { alerts: true } });
    expect(incident).toMatchObject({ receiver: "vigil-anomaly", severity: "critical", workload: service });
    expect(incident.alerts.map((a) => a.alertname).sort()).toEqual(["VigilAnomaly", "VigilErrorSpike"]);
    const latencyAlert = incident.alerts.find((a) => a.alertname === "VigilAnomaly")!;
    expect(latencyAlert).toMatchObject({ status: "firing", severity: "critical", startsAt: new Date(spikeAt) });
    expect(latencyAlert.labels).toMatchObject({ service, metric: "http_latency_ms", severity: "critical", workload: service });
    expect((latencyAlert.annotations as Record<string, string>).summary).toMatch(
      /http_latency_ms = [89]\d\d(\.\d+)? \(baseline 1[12]\d(\.\d+)? ± \d+(\.\d+)?, z = \d+(\.\d)?, critical; deploy of .* 2\.3\.1 by alice 10 min before\)/,
    );
    const anomalies = await t.db.anomaly.findMany({ where: { service }, orderBy: { kind: "asc" } });
    expect(anomalies.map((a) => [a.kind, a.severity, a.incidentId, a.alerting])).toEqual([
      ["log_errors", "critical", incident.id, true],
      ["metric", "critical", incident.id, true],
    ]);
    const change = await t.db.changeEvent.findFirstOrThrow({ where: { service } });
    expect(anomalies.every((a) => a.changeId === change.id)).toBe(true);
    // The investigation was queued in the alert's transaction, as for Alertmanager's.
    const jobs = await t.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'investigate' AND data->>'incidentId' = $1`,
      incident.id,
    );
    expect(jobs[0]!.n).toBe(1);

    // The investigation, as the worker runs it with the app's ports.
    const result = await investigateIncident(t.db, incident.id, {
      cluster: unavailableCluster("checkout does not run on Kubernetes"),
      metrics: null,
      changes: dbChangeFeed(t.db),
      telemetry: dbTelemetry(t.db),
      model: null,
      now: () => new Date(),
    });
    expect(result?.rca.rootCause).toBe("bad_deploy");
    const evidence = await t.db.evidence.findMany({ where: { incidentId: incident.id, agentRunId: result!.runId } });
    const ref = (source: string, text: string) => evidence.find((e) => e.source === source && e.content.includes(text))?.ref;
    const anomalyRef = ref("anomaly", "deploy of");
    const deployRef = ref("changes", "2.3.1");
    const logsRef = ref("logs", "Cannot read properties of undefined (reading 'amount')");
    expect(anomalyRef).toBeDefined();
    expect(deployRef).toBeDefined();
    expect(logsRef).toBeDefined();
    expect(result!.rca.citations).toEqual(expect.arrayContaining([anomalyRef, deployRef, logsRef]));
    expect(evidence.find((e) => e.ref === anomalyRef)!.content).toMatch(
      /http_latency_ms = [89]\d\d(\.\d+)? .*critical; deploy of .* 2\.3\.1 by alice 10 min before/,
    );
    expect(evidence.find((e) => e.ref === anomalyRef)!.content).toContain("error log lines per minute = 50");

    // Normal again: five normal samples end the latency episode, five quiet minutes the error spike.
    await send("metrics", { points: series(service, "http_latency_ms", spikeAt + 60_000, 6, { mean: 120, sd: 10, seed: 3 }) });
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).not.toBe("resolved");
    await send("logs", {
      entries: Array.from({ length: 7 }, (_, k) => ({ service, level: "info", message: "GET /cart 200", timestamp: minute(61 + k, 5) })),
    });

    const after = await t.db.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { alerts: true } });
    expect(after.state).toBe("resolved");
    expect(after.alerts.every((a) => a.status === "resolved")).toBe(true);
    expect(await t.db.anomaly.count({ where: { service, resolvedAlertAt: null } })).toBe(0);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
  it("delivers an alert a crash left owed, on the worker's sweep, once", async () => {
    const service = unique("inventory");
    const at = new Date(Date.now() - 5 * 60_000);
    // What a crash between the ingest's commit and its delivery leaves: an alerting episode, never alerted.
    const owed = await t.db.anomaly.create({
      data: {
        service,
        metric: "queue_depth",
        kind: "metric",
        value: 900,
        mean: 40,
        stddev: 5,
        z: 172,
        severity: "critical",
        at,
        peakAt: at,
        samples: 3,
        alerting: true,
      },
    });
    // The module as the running app loads it (this file's routes set its database and queue).
    const { deliverAllOwed } = await import("@/lib/anomaly/deliver");
    const reached = await deliverAllOwed(t.db);
    const incident = await t.db.incident.findFirstOrThrow({ where: { groupKey: `anomaly:${service}` }, include: { alerts: true } });
    expect(reached).toContain(incident.id);
    expect(incident.alerts.map((a) => [a.alertname, a.status])).toEqual([["VigilAnomaly", "firing"]]);
    expect(await t.db.anomaly.findUniqueOrThrow({ where: { id: owed.id } })).toMatchObject({
      incidentId: incident.id,
      alertedAt: expect.any(Date),
    });
    // Nothing is owed any more: a second sweep reaches no incident of this service.
    expect(await deliverAllOwed(t.db)).not.toContain(incident.id);
    expect(await t.db.alert.count({ where: { incidentId: incident.id } })).toBe(1);
  });
});
