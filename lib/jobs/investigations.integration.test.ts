// Durable investigations: a job queued with the alerts is worked by a worker, and one whose
// worker died mid-investigation is picked up again after a restart.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { INVESTIGATE, startBoss } from "@/lib/jobs/boss";
import { queueOnIngest, workInvestigations } from "@/lib/jobs/investigations";

let t: TestDb;
let world: ScenarioWorld;
const bosses: PgBoss[] = [];
const scenario = loadScenario(path.join(publicScenariosDir, "ledger-service-hikari-pool-leak.json"));

beforeAll(async () => {
  t = await openTestDb();
  world = await startScenarioWorld(scenario);
});
afterAll(async () => {
  await Promise.all(bosses.map((b) => b.stop({ graceful: false, wait: true }).catch(() => undefined)));
  await world?.stop();
  await t?.close();
});

async function boss(options = {}) {
  const b = await startBoss(t.url, { poolSize: 2, ...options });
  bosses.push(b);
  return b;
}

async function ingestWithJob(b: PgBoss) {
  // Fresh alert identities, so each test gets its own incident.
  const run = unique("run");
  const alerts = scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined }));
  const payload = { ...scenario.alertmanager, alerts, groupKey: unique("group") };
  const result = await ingestAlertmanagerPayload(t.db, payload, new Date(scenario.now), queueOnIngest(b));
  return result.incident!;
}

const succeededRuns = (incidentId: string) => t.db.agentRun.count({ where: { incidentId, status: "succeeded" } });

describe("investigation jobs", () => {
  it("are worked without any human step: alert in, stored RCA out", async () => {
    const b = await boss();
    const incident = await ingestWithJob(b);
    await workInvestigations(b, t.db, () => world.ports);
    await expect.poll(() => succeededRuns(incident.id), { timeout: 20_000, interval: 250 }).toBe(1);
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      rootCause: "db_connection_exhaustion",
      state: "awaiting_approval",
    });
    // Its worker would otherwise go on polling the queue, and could take the next test's job
    // before that test's own worker does.
    await b.stop({ graceful: false, wait: true });
    bosses.splice(bosses.indexOf(b), 1);
  });

  it("resume after a worker dies mid-investigation", async () => {
    const first = await boss({ expireInSeconds: 1, maintenanceIntervalSeconds: 1 });
    const incident = await ingestWithJob(first);
    // A worker takes the job and dies before finishing it.
    const [taken] = await first.fetch(INVESTIGATE);
    expect(taken?.data).toMatchObject({ incidentId: incident.id });
    await first.stop({ graceful: false, wait: true });
    bosses.splice(bosses.indexOf(first), 1);

    const restarted = await boss({ expireInSeconds: 1, maintenanceIntervalSeconds: 1 });
    await workInvestigations(restarted, t.db, () => world.ports);
    await expect.poll(() => succeededRuns(incident.id), { timeout: 25_000, interval: 500 }).toBe(1);
    await restarted.stop({ graceful: false, wait: true });
    bosses.splice(bosses.indexOf(restarted), 1);
  }, 40_000);

  it("never investigate twice when a job comes back after its run succeeded, but still guard what it proposed", async () => {
    const b = await boss();
    const incident = await ingestWithJob(b);
    // The run succeeds, then the process dies before pg-boss records the job complete (the
    // chaos bench found this after a kill -9 and after a PostgreSQL restart): the job is
    // delivered again. Here, its run is stored as the first delivery left it, proposals unguarded.
    const [job] = await b.fetch<{ incidentId: string }>(INVESTIGATE);
    expect(job?.data).toMatchObject({ incidentId: incident.id });
    const { investigateIncident } = await import("@/lib/investigation/investigate");
    const first = await investigateIncident(t.db, incident.id, world.ports, job!.id);
    await b.fail(INVESTIGATE, job!.id, { reason: "process died before completing" });
    await t.db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'created', start_after = now() WHERE id = $1`, job!.id);

    const guarded: string[] = [];
    await workInvestigations(
      b,
      t.db,
      () => world.ports,
      async (_incidentId, runId) => void guarded.push(runId),
    );
    await expect.poll(() => guarded, { timeout: 20_000, interval: 250 }).toEqual([first!.runId]);
    await expect.poll(async () => (await b.getJobById(INVESTIGATE, job!.id))?.state, { timeout: 20_000, interval: 250 }).toBe("completed");
    expect(await t.db.agentRun.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(await succeededRuns(incident.id)).toBe(1);
    await b.stop({ graceful: false, wait: true });
    bosses.splice(bosses.indexOf(b), 1);
  }, 40_000);

  it("retry what follows the RCA when it fails, without investigating again", async () => {
    const b = await boss();
    const incident = await ingestWithJob(b);
    const calls: string[] = [];
    await workInvestigations(
      b,
      t.db,
      () => world.ports,
      async (_incidentId, runId) => {
        calls.push(runId);
        if (calls.length === 1) throw new Error("terminating connection due to administrator command");
      },
    );
    // The job's retry comes after its retry delay (5 s).
    await expect.poll(() => calls.length, { timeout: 30_000, interval: 250 }).toBe(2);
    expect(calls[1]).toBe(calls[0]);
    expect(await t.db.agentRun.count({ where: { incidentId: incident.id } })).toBe(1);
  }, 40_000);
});
