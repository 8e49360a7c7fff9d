// Proves ingest against a real Alertmanager, posting to the webhook's own port (VIGIL_INGEST_PORT) as installs
// run it: grouping, its fingerprints, HA-pair duplicates stored once, resolution.
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { env } from "@/lib/env";
import { E2E, baseURL, ingestURL } from "./config";
import { findAlertmanager, startAlertmanager, type PostableAlert, type RunningAlertmanager } from "./support/alertmanager";
import { WEBHOOK_PATH, getIncident, listIncidents, signInWithApi, uniqueNamespace } from "./support/vigil-api";

const binary = findAlertmanager();
const ALERTNAME = "KubePodCrashLooping";

test.describe("with a real Alertmanager", () => {
  test.describe.configure({ mode: "serial" });
  test.skip(
    !binary && !env.CI,
    "the Alertmanager binary is not installed (apt-get install prometheus-alertmanager); CI=true makes this a failure",
  );

  const namespace = uniqueNamespace("am");
  const startsAt = new Date();
  const firingUntil = new Date(startsAt.getTime() + 5 * 60_000);
  const alertsEnding = (endsAt: Date): PostableAlert[] =>
    ["checkout", "cart"].map((deployment) => ({
      labels: { alertname: ALERTNAME, namespace, severity: "critical", deployment, pod: `${deployment}-7d9f8c6b5-x2k4q` },
      annotations: { summary: `Pods crash-looping in ${namespace}`, description: `${deployment} restarts every 30s` },
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      generatorURL: `http://prometheus.e2e.local/graph?g0.expr=kube_pod_restarts%7Bdeployment%3D%22${deployment}%22%7D`,
    }));

  let vigil: APIRequestContext;
  let amApi: APIRequestContext;
  // Two Alertmanagers that do not gossip: Prometheus posts to both, so Vigil gets every
  // notification twice, as from an HA pair whose peers have not (yet) synchronised.
  let primary: RunningAlertmanager;
  let replica: RunningAlertmanager;
  let incidentId: string;

  const incident = () => getIncident(vigil, incidentId);

  test.beforeAll(async () => {
    if (!binary)
      throw new Error("CI=true but the Alertmanager binary is not installed: the real-Alertmanager tests cannot be skipped in CI");
    vigil = await request.newContext({ baseURL });
    amApi = await request.newContext();
    await signInWithApi(vigil);
    const options = { binary, api: amApi, webhookUrl: `${ingestURL}${WEBHOOK_PATH}`, token: E2E.webhookToken };
    [primary, replica] = await Promise.all([startAlertmanager(options), startAlertmanager(options)]);
  });

  test.afterAll(async () => {
    await Promise.all([primary?.stop(), replica?.stop()]);
    await vigil?.dispose();
    await amApi?.dispose();
  });

  test("one group of two alerts becomes one incident with Alertmanager's fingerprints", async () => {
    await primary.post(alertsEnding(firingUntil));

    await expect
      .poll(
        async () =>
          (await listIncidents(vigil, namespace)).items.map((i) => ({
            alertCount: i.alertCount,
            live: !["resolved", "closed"].includes(i.state),
          })),
        {
          message: "one live incident with both alerts",
          timeout: 20_000,
        },
      )
      .toEqual([{ alertCount: 2, live: true }]);
    incidentId = (await listIncidents(vigil, namespace)).items[0]!.id;

    const stored = await incident();
    expect(stored.groupKey).toBe(`{}:{alertname="${ALERTNAME}", namespace="${namespace}"}`);
    expect(stored.title).toBe(`Pods crash-looping in ${namespace}`);
    expect(stored.severity).toBe("critical");
    const reported = await primary.alerts(namespace);
    expect(reported).toHaveLength(2);
    expect(stored.alerts.map((a) => a.fingerprint).sort()).toEqual(reported.map((a) => a.fingerprint).sort());
    for (const alert of stored.alerts) {
      expect(alert).toMatchObject({ status: "firing", endsAt: null, receiveCount: 1, alertname: ALERTNAME });
      expect(Date.parse(alert.startsAt)).toBe(startsAt.getTime());
    }
  });

  test("the same alerts delivered again are counted, not stored twice", async () => {
    // Prometheus re-sends firing alerts to every Alertmanager it knows; the replica, which
    // has not notified yet, sends the group again (the primary's notification log holds it
    // back until repeat_interval).
    await Promise.all([primary.post(alertsEnding(firingUntil)), replica.post(alertsEnding(firingUntil))]);

    await expect
      .poll(async () => Math.min(...(await incident()).alerts.map((a) => a.receiveCount)), {
        message: "every stored alert received more than once",
        timeout: 20_000,
      })
      .toBeGreaterThan(1);
    const stored = await incident();
    expect(stored.alerts).toHaveLength(2);
    // Not resolved: the agent may have moved it on to investigating.
    expect(["open", "investigating", "awaiting_approval"]).toContain(stored.state);
    expect((await listIncidents(vigil, namespace)).items.map((i) => i.id)).toEqual([incidentId]);
    // Alertmanager flushes a group at once when its alerts started more than group_wait ago,
    // so the replica may send the group in more than one notification: count across them.
    type Receipt = { received: number; stored: number; duplicates: number };
    const receipts = stored.timeline.filter((e) => e.action === "webhook.received").map((e) => e.data as Receipt);
    expect(
      receipts.reduce((sum, r) => sum + r.stored, 0),
      "each alert stored once",
    ).toBe(2);
    const redeliveries = receipts.filter((r) => r.stored === 0);
    expect(redeliveries.length).toBeGreaterThan(0);
    for (const r of redeliveries) expect(r.duplicates).toBe(r.received);
    expect(
      redeliveries.reduce((sum, r) => sum + r.duplicates, 0),
      "both alerts counted again",
    ).toBeGreaterThanOrEqual(2);
  });

  test("a resolved notification resolves both alerts and the incident", async () => {
    // Prometheus posts a resolved alert with endsAt in the past; Alertmanager then sends it as resolved.
    const endsAt = new Date(Date.now() - 1_000);
    await Promise.all([primary.post(alertsEnding(endsAt)), replica.post(alertsEnding(endsAt))]);

    await expect.poll(async () => (await incident()).state, { message: "the incident resolves", timeout: 20_000 }).toBe("resolved");
    const stored = await incident();
    expect(stored.resolvedAt).not.toBeNull();
    expect(stored.alerts).toHaveLength(2);
    for (const alert of stored.alerts) {
      expect(alert.status).toBe("resolved");
      expect(alert.endsAt).not.toBeNull();
      expect(Date.parse(alert.endsAt!)).toBe(endsAt.getTime());
      expect(alert.resolvedAt).not.toBeNull();
    }
    expect(
      (await listIncidents(vigil, namespace)).items.map((i) => ({ id: i.id, alertCount: i.alertCount, firingCount: i.firingCount })),
    ).toEqual([{ id: incidentId, alertCount: 2, firingCount: 0 }]);
  });
});
