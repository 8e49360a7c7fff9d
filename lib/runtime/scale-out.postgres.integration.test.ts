// Scale-out: two production servers (`next start`) on one PostgreSQL share the work. Each
// investigation runs once, on whichever instance is free; either instance serves any
// incident's stream, live events included (LISTEN/NOTIFY); a session from one is valid on
// the other; jobs accepted by an instance that stops are finished by the other, the one it
// was running included (released by its drain).
// Which instance investigated is told by the model it asked: each instance has its own
// fake Ollama, whose answer names it, so the stored RCA records where it was made.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { freePort } from "@/lib/db/embedded";
import { answerPieces, startFakeOllama, type FakeOllama } from "@/lib/model/fake-ollama";
import { plumbingAnswer } from "@/lib/model/fake-answers";
import { startVigil, type RunningVigil } from "@/lib/runtime/start";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { openIncidentStream } from "@/lib/testing/sse";
import { signIn } from "@/bench/rca-session";

type Name = "a" | "b";

// Holds the model's answers while closed: lets a test decide when an investigation may end.
class Gate {
  private opened: Promise<void> | null = null;
  private release = () => {};
  waiting = 0;
  close() {
    this.opened ??= new Promise((resolve) => (this.release = resolve));
  }
  open() {
    this.release();
    this.opened = null;
  }
  async pass() {
    if (!this.opened) return;
    this.waiting++;
    await this.opened.finally(() => this.waiting--);
  }
}

type Model = { fake: FakeOllama; gate: Gate; answers: string[]; pieceDelayMs: number; chats: () => number };

/** A fake Ollama for one instance: its answers name the instance, so the RCA tells who ran it. */
async function startModel(name: Name): Promise<Model> {
  const settings = { gate: new Gate(), answers: [] as string[], pieceDelayMs: 0 };
  const fake = await startFakeOllama({
    script: async ({ body }) => {
      await settings.gate.pass();
      const answer = JSON.stringify({ ...JSON.parse(plumbingAnswer(body)), summary: `Investigated by instance ${name}.` });
      settings.answers.push(answer);
      return { kind: "answer", pieces: answerPieces(answer, 16), delayMs: settings.pieceDelayMs };
    },
  });
  return Object.assign(settings, { fake, chats: () => fake.requests.filter((r) => r.path === "/api/chat").length });
}

// *.postgres.integration.test.ts: only the real-PostgreSQL step runs it (vitest.config.ts):
// the embedded database serves one process, and two servers need a real server.
const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const alert = scenario.alertmanager.alerts[0]!;
const TOKEN = "scale-out-webhook-token-0123456789";
const ADMIN = { email: "scale-out@vigil.local", password: "scale-out-password" };
const INCIDENTS = 12;

describe("two Vigil instances on one PostgreSQL", () => {
  let t: TestDb;
  let world: ScenarioWorld;
  const models = {} as Record<Name, Model>;
  const vigil = {} as Record<Name, RunningVigil>;
  let cookie: string;
  const ranOn = new Map<string, Name>();

  beforeAll(async () => {
    t = await openTestDb();
    world = await startScenarioWorld(scenario);
    [models.a, models.b] = await Promise.all([startModel("a"), startModel("b")]);
    // Replicas share the session secret; each has its own model, everything else alike.
    const shared = {
      LOG_LEVEL: "warn",
      VIGIL_DB_POOL_SIZE: "4",
      NEXTAUTH_SECRET: unique("scale-out-secret"),
      VIGIL_WEBHOOK_TOKEN: TOKEN,
      VIGIL_ADMIN_EMAIL: ADMIN.email,
      VIGIL_ADMIN_PASSWORD: ADMIN.password,
      VIGIL_CLUSTER_URL: world.cluster.url,
      VIGIL_CLUSTER_TOKEN: world.cluster.token,
      PROMETHEUS_URL: world.prometheus.url,
    };
    // Together, as replicas of a Deployment start: both create the job queue and race for
    // the bootstrap admin (the loser logs that it could not create it). The first to take
    // the build lock builds the console if it is stale.
    const ports = { a: await freePort(), b: 0 };
    while (!ports.b || ports.b === ports.a) ports.b = await freePort();
    const started = await Promise.allSettled(
      (["a", "b"] as const).map(async (name) => {
        vigil[name] = await startVigil({
          port: ports[name],
          databaseUrl: t.url,
          dataDir: null,
          env: { ...shared, OLLAMA_HOST: models[name].fake.url },
        });
      }),
    );
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    cookie = await signIn(vigil.a.url, ADMIN.email, ADMIN.password);
  }, 600_000);

  afterAll(async () => {
    for (const model of Object.values(models)) model.gate.open();
    await Promise.all(Object.values(vigil).map((v) => v.stop()));
    await Promise.all([...Object.values(models).map((m) => m.fake.stop()), world?.stop()]);
    await t?.close();
  });

  async function postAlert(to: RunningVigil, run: string): Promise<string> {
    const payload = alertmanagerPayload({
      groupLabels: { alertname: alert.labels.alertname!, run },
      alerts: [{ labels: { ...alert.labels, run }, annotations: alert.annotations, startsAt: new Date(alert.startsAt) }],
    });
    const response = await fetch(`${to.url}/api/webhooks/alertmanager`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return (JSON.parse(text) as { incident: { id: string } }).incident.id;
  }

  const succeeded = (ids: string[]) => t.db.agentRun.findMany({ where: { incidentId: { in: ids }, status: "succeeded" } });
  const instanceOf = (result: unknown) =>
    /instance (a|b)\.$/.exec((result as { summary?: string } | null)?.summary ?? "")?.[1] as Name | undefined;
  const jobStates = (ids: string[]) =>
    t.db.$queryRaw<
      { incidentId: string; state: string }[]
    >`SELECT singleton_key AS "incidentId", state::text FROM pgboss.job WHERE name = 'investigate' AND singleton_key = ANY(${ids})`;

  it("runs every investigation exactly once, some on each instance", async () => {
    const ids: string[] = [];
    for (let i = 0; i < INCIDENTS; i++) ids.push(await postAlert(i % 2 ? vigil.b : vigil.a, unique("scale")));
    expect(new Set(ids).size).toBe(INCIDENTS);
    // Done means every job completed and none queued: no duplicate can still come.
    await expect
      .poll(async () => (await jobStates(ids)).filter((j) => j.state === "completed").length, { timeout: 60_000, interval: 250 })
      .toBe(INCIDENTS);

    expect(await jobStates(ids)).toHaveLength(INCIDENTS);
    const runs = await t.db.agentRun.findMany({ where: { incidentId: { in: ids } } });
    const started = await t.db.auditEvent.findMany({ where: { incidentId: { in: ids }, action: "investigation.started" } });
    for (const id of ids) {
      expect(runs.filter((r) => r.incidentId === id).map((r) => [r.status, r.engine])).toEqual([["succeeded", "model"]]);
      expect(started.filter((e) => e.incidentId === id)).toHaveLength(1);
    }
    // One model request per investigation in all, each answered by the instance that ran it.
    expect(models.a.chats() + models.b.chats()).toBe(INCIDENTS);
    for (const run of runs) ranOn.set(run.incidentId, instanceOf(run.result)!);
    const split = { a: [...ranOn.values()].filter((n) => n === "a").length, b: [...ranOn.values()].filter((n) => n === "b").length };
    expect(split.a + split.b).toBe(INCIDENTS);
    expect(split, "each instance's RCAs came from its own model").toEqual({ a: models.a.chats(), b: models.b.chats() });
    expect(split.a).toBeGreaterThan(0);
    expect(split.b).toBeGreaterThan(0);
  }, 90_000);

  it("serves any incident's stream from either instance, with a session signed in on the other", async () => {
    const session = await fetch(`${vigil.b.url}/api/auth/session`, { headers: { cookie } });
    expect(await session.json()).toMatchObject({ user: { email: ADMIN.email } });

    for (const [writer, reader] of [
      ["a", "b"],
      ["b", "a"],
    ] as const) {
      const incidentId = [...ranOn].find(([, on]) => on === writer)![0];
      const run = await t.db.agentRun.findFirstOrThrow({ where: { incidentId } });
      const stream = await openIncidentStream(vigil[reader].url, incidentId, { cookie, lastEventId: "0" });
      try {
        const rca = await stream.next("rca");
        expect(rca.data).toMatchObject({ runId: run.id, engine: "model", rca: { summary: `Investigated by instance ${writer}.` } });
        expect(stream.events.map((e) => e.kind)).toContain("run.started");
      } finally {
        stream.close();
      }
    }
  });

  it("streams an investigation live to the other instance, told by NOTIFY", async () => {
    // Held answers: the investigation starts, then waits for the model until we watch it.
    for (const model of Object.values(models)) {
      model.gate.close();
      model.pieceDelayMs = 150;
    }
    try {
      const incidentId = await postAlert(vigil.a, unique("live"));
      await expect.poll(() => models.a.gate.waiting + models.b.gate.waiting, { timeout: 15_000 }).toBe(1);
      const writer: Name = models.a.gate.waiting ? "a" : "b";
      const reader: Name = writer === "a" ? "b" : "a";
      const stream = await openIncidentStream(vigil[reader].url, incidentId, { cookie, lastEventId: "0" });
      try {
        await stream.next("run.started");
        expect(stream.events.map((e) => e.kind)).not.toContain("token");
        const released = performance.now();
        models[writer].gate.open();
        const rca = await stream.next("rca", 20_000);
        expect(rca.data).toMatchObject({ engine: "model", rca: { summary: `Investigated by instance ${writer}.` } });
        await stream.next("run.finished");

        // Each piece the model wrote, against when the other instance's stream delivered it.
        const answer = models[writer].answers.at(-1)!;
        const pieces = answerPieces(answer, 16);
        const tokens = stream.events.filter((e) => e.kind === "token");
        expect(tokens.map((e) => (e.data as { text: string }).text).join("")).toBe(answer);
        let written = 0;
        const lags = pieces.map((piece, i) => {
          written += piece.length;
          let delivered = 0;
          const at = tokens.find((e) => (delivered += (e.data as { text: string }).text.length) >= written)!.arrivedAt;
          return at - (released + (i + 1) * models[writer].pieceDelayMs);
        });
        // The 2 s poll alone would make the median about a second; NOTIFY makes it ~0.1 s.
        const median = [...lags].sort((x, y) => x - y)[Math.floor(lags.length / 2)]!;
        expect(median, `token lags ${lags.map((l) => l.toFixed(0)).join(", ")} ms`).toBeLessThan(700);
      } finally {
        stream.close();
      }
      const listeners = await t.db.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vigil-stream'`;
      expect(listeners[0]!.n, "one LISTEN connection per instance").toBe(2);
    } finally {
      for (const model of Object.values(models)) {
        model.gate.open();
        model.pieceDelayMs = 0;
      }
    }
  }, 60_000);

  it("finishes on one instance the jobs another accepted before it stopped", async () => {
    for (const model of Object.values(models)) model.gate.close();
    const before = { a: models.a.chats(), b: models.b.chats() };
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await postAlert(vigil.a, unique("restart")));
    // Each instance runs one investigation at a time: both busy, two jobs still queued.
    await expect.poll(() => [models.a.gate.waiting, models.b.gate.waiting], { timeout: 15_000 }).toEqual([1, 1]);
    expect((await jobStates(ids)).map((j) => j.state).sort()).toEqual(["active", "active", "created", "created"]);

    // A drains as it stops (lib/jobs/runtime.ts): the investigation it runs cannot finish (its
    // model is held), so after the drain its job is released for a retry — not left active,
    // A's, until it expires.
    await vigil.a.stop();
    const states = await jobStates(ids);
    expect(states.map((j) => j.state).sort()).toEqual(["active", "created", "created", "retry"]);
    const released = states.find((j) => j.state === "retry")!.incidentId;
    models.b.gate.open();
    await expect.poll(async () => (await succeeded(ids)).length, { timeout: 40_000, interval: 250 }).toBe(4);
    const done = await succeeded(ids);
    expect(done.map((r) => instanceOf(r.result))).toEqual(["b", "b", "b", "b"]);
    expect([models.a.chats() - before.a, models.b.chats() - before.b]).toEqual([1, 4]);
    // Run to the end once, on B; A's run, cut short, is marked so by B's.
    expect((await t.db.agentRun.findMany({ where: { incidentId: released } })).map((r) => r.status).sort()).toEqual([
      "failed",
      "succeeded",
    ]);
  }, 90_000);
});
