// The incident page's metric chart on a scenario world (sandbox cluster + fake Prometheus):
// the bad deploy's incident is ingested and investigated, then its chart data is read — the
// signal the alert and the evidence point at, the rollout and Vigil's action as markers,
// the anomaly window — and what it says without Prometheus or for another signal.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { getIncidentMetrics } from "@/lib/incidents/metrics/load";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const now = new Date(scenario.now);
const alertStart = new Date(scenario.alertmanager.alerts[0]!.startsAt);

let t: TestDb;
let world: ScenarioWorld;
let incidentId: string;

beforeAll(async () => {
  t = await openTestDb();
  world = await startScenarioWorld(scenario);
  const run = unique("run");
  const alerts = scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined }));
  const payload = { ...scenario.alertmanager, alerts, groupKey: unique(scenario.alertmanager.groupKey) };
  const incident = (await ingestAlertmanagerPayload(t.db, payload, now)).incident!;
  incidentId = incident.id;
  await investigateIncident(t.db, incident.id, world.ports);
  // The rollback Vigil executed two minutes before the frozen clock.
  await t.db.proposedAction.create({
    data: {
      incidentId,
      traceId: incident.traceId,
      kind: "rollback",
      namespace: "shop",
      name: "checkout-api",
      rationale: "undo 2.14.0",
      state: "executed",
      executedAt: new Date(now.getTime() - 2 * 60_000),
    },
  });
});
afterAll(async () => {
  await world?.stop();
  await t?.close();
});

describe("getIncidentMetrics", () => {
  it("draws the error ratio the alert names from an hour before it, with the rollout, Vigil's rollback and the anomaly window", async () => {
    const m = await getIncidentMetrics(t.db, incidentId, world.ports);
    expect(m).toMatchObject({
      status: "ok",
      workload: { namespace: "shop", name: "checkout-api" },
      signal: "error_ratio",
      stepSeconds: 60,
      notes: [],
    });
    expect(m.candidates[0]).toBe("error_ratio");
    expect(m.candidates).toEqual(expect.arrayContaining(["request_rate", "latency_p99_ms"]));
    expect(m.window).toEqual({ start: new Date(alertStart.getTime() - 3_600_000), end: now });
    expect(m.anomaly).toEqual({ start: alertStart, end: now, ongoing: true });

    // Samples inside the window, the error ratio low before the deploy and high at the end.
    expect(m.points.length).toBeGreaterThan(30);
    for (const p of m.points) expect(p.t).toBeGreaterThanOrEqual(m.window.start.getTime() - 60_000);
    const first = m.points[0]!.v;
    const last = m.points[m.points.length - 1]!.v;
    expect(last).toBeGreaterThan(first * 5);

    // The cluster shows revision 31 created at the deploy; the change feed's entry for the
    // same deploy is not repeated; the executed rollback is Vigil's.
    expect(m.markers.map((k) => [k.kind, k.label])).toEqual([
      ["rollout", "rev 31 deployed"],
      ["action", "Vigil: rollback"],
    ]);
    expect(m.markers[0]!.at).toEqual(new Date("2025-04-02T15:52:10Z"));
  });

  it("draws another signal when asked, and says when it has no samples", async () => {
    const latency = await getIncidentMetrics(t.db, incidentId, world.ports, { signal: "latency_p99_ms" });
    expect(latency).toMatchObject({ status: "ok", signal: "latency_p99_ms" });
    expect(latency.points.length).toBeGreaterThan(30);

    const disk = await getIncidentMetrics(t.db, incidentId, world.ports, { signal: "disk_used_ratio" });
    expect(disk).toMatchObject({ status: "no_data", signal: "disk_used_ratio", points: [] });
    expect(disk.markers).toHaveLength(2);
  });

  it("says no Prometheus is configured rather than failing, and refuses an unknown incident", async () => {
    const m = await getIncidentMetrics(t.db, incidentId, { ...world.ports, metrics: null });
    expect(m).toMatchObject({ status: "no_prometheus", points: [], markers: [] });
    await expect(getIncidentMetrics(t.db, "no-such-incident", world.ports)).rejects.toMatchObject({ code: "not_found" });
  });
});
