// A process stopped mid-execution: a second process claims an approved action and is killed
// (SIGKILL) at the claim's first read, just before its PATCH goes out, or just after the PATCH
// landed but before it heard back. The action is left `executing`; the sweep must leave it
// alone while a live executor could still be at work, then settle it by what the cluster
// holds. Needs a real PostgreSQL: two processes share the database.
import path from "node:path";
import { spawn } from "node:child_process";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { V1Deployment } from "@kubernetes/client-node";
import { remediationPortsFor } from "@/lib/testing/remediation-ports";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { afterRca } from "@/lib/remediation/after-rca";
import { moveAction } from "@/lib/remediation/transitions";
import { EXECUTING_TIMEOUT_MS, sweepExecuting } from "@/lib/remediation/sweep";
import { pendingVerifications } from "@/lib/remediation/verify";
import { verifyAuditChain } from "@/lib/audit/verify";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const repo = path.resolve(__dirname, "../..");

let t: TestDb;
let world: ScenarioWorld | undefined;
let proxy: Server | undefined;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  proxy = undefined;
  await world?.stop();
  world = undefined;
});

/** An incident of the bad deploy whose rollback is approved, with nobody executing it yet. */
async function approvedAction() {
  world = await startScenarioWorld(scenario);
  const ports = remediationPortsFor(world);
  const run = unique("crash");
  const payload = {
    ...scenario.alertmanager,
    alerts: scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined })),
    groupKey: run,
  };
  const incident = (await ingestAlertmanagerPayload(t.db, payload, new Date(scenario.now))).incident!;
  const result = await investigateIncident(t.db, incident.id, world.ports);
  await afterRca(t.db, incident.id, result!.runId, ports);
  const action = await t.db.proposedAction.findFirstOrThrow({ where: { incidentId: incident.id, rank: 1 } });
  const user = await t.db.user.create({ data: { email: `${unique("responder")}@vigil.test`, passwordHash: "unused", role: "responder" } });
  await t.db.$transaction(async (tx) => {
    await tx.approval.create({
      data: {
        actionId: action.id,
        userId: user.id,
        decision: "approved",
        previewHash: action.previewHash,
        resourceVersion: action.resourceVersion,
        expiresAt: new Date(Date.now() + 15 * 60_000),
      },
    });
    await moveAction(tx, action.id, ["proposed"], "approved", {
      audit: {
        action: "action.approved",
        actorType: "user",
        actorId: user.id,
        incidentId: incident.id,
        traceId: incident.traceId,
        data: {},
      },
    });
  });
  return { incident, action, user, ports };
}

type StopAt = "read" | "before-write" | "after-write";

/**
 * The API server as the child sees it: the sandbox, except that at `stopAt` the child is
 * killed and never hears back. `after-write` forwards the PATCH and lets it land first.
 */
function stoppingProxy(target: string, stopAt: StopAt, kill: () => void): Promise<string> {
  const isWrite = (req: IncomingMessage) => req.method === "PATCH" && !req.url?.includes("dryRun");
  const isRead = (req: IncomingMessage) => req.method === "GET" && /\/deployments\/checkout-api$/.test(req.url ?? "");
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse | null) =>
    new Promise<void>((resolve, reject) => {
      const out = request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          if (res) {
            res.writeHead(answer.statusCode!, answer.headers);
            res.end(Buffer.concat(chunks));
          }
          resolve();
        });
      });
      out.on("error", reject);
      out.end(body);
    });
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if ((stopAt === "read" && isRead(req)) || (stopAt === "before-write" && isWrite(req))) return kill();
      if (stopAt === "after-write" && isWrite(req)) return void forward(req, body, null).then(kill);
      void forward(req, body, res);
    });
  });
  return new Promise((resolve) =>
    proxy!.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(proxy!.address() as AddressInfo).port}`)),
  );
}

/** Runs the executor in a child process and kills it at `stopAt`; resolves once it is dead. */
async function executeAndKill(actionId: string, userId: string, stopAt: StopAt): Promise<NodeJS.Signals | null> {
  const holder: { child?: ReturnType<typeof spawn> } = {};
  const url = await stoppingProxy(world!.cluster.url, stopAt, () => holder.child?.kill("SIGKILL"));
  const child = (holder.child = spawn(
    path.join(repo, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "lib/testing/execute-child.ts"],
    {
      cwd: repo,
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        CHILD_KUBE_URL: url,
        CHILD_KUBE_TOKEN: world!.cluster.token,
        CHILD_ACTION_ID: actionId,
        CHILD_USER_ID: userId,
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  ));
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, s) => resolve(s)));
  if (signal !== "SIGKILL") throw new Error(`the executor was not stopped mid-execution; it said: ${output.slice(-2000)}`);
  return signal;
}

const deployment = () => world!.cluster.store.get("deployments", "shop", "checkout-api") as unknown as V1Deployment;
const image = () => deployment().spec!.template!.spec!.containers[0]!.image;
const writes = () => world!.cluster.requests.filter((r) => r.method === "PATCH" && r.query?.dryRun === undefined);
const later = (ports: ReturnType<typeof remediationPortsFor>) => ({
  ...ports,
  now: () => new Date(Date.now() + EXECUTING_TIMEOUT_MS + 1_000),
});
const failedEvent = (actionId: string) => t.db.auditEvent.findFirst({ where: { targetId: actionId, action: "action.failed" } });

describe("an action whose executor died", () => {
  it("stopped before anything was sent: stays executing while it could be live, then fails, the Deployment untouched", async () => {
    const { action, user, ports, incident } = await approvedAction();
    const before = image();
    await executeAndKill(action.id, user.id, "read");
    expect(await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      state: "executing",
      preActionState: null,
      claimedAt: expect.any(Date),
    });

    // A live executor could still be working on it: the sweep does not judge it yet.
    expect(await sweepExecuting(t.db, ports)).toEqual([]);
    expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("executing");

    const settled = await sweepExecuting(t.db, later(ports));
    expect(settled).toEqual([expect.objectContaining({ actionId: action.id, outcome: "failed" })]);
    expect(await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      state: "failed",
      error: expect.stringContaining("before sending"),
    });
    expect((await failedEvent(action.id))?.data).toMatchObject({ settledBy: "sweep", kind: "interrupted" });
    expect(image()).toBe(before);
    expect(writes()).toHaveLength(0);
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("awaiting_approval");
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  }, 60_000);

  it("stopped just before its PATCH: fails, because the Deployment does not hold the change", async () => {
    const { action, user, ports } = await approvedAction();
    const before = image();
    await executeAndKill(action.id, user.id, "before-write");
    expect(await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      state: "executing",
      preActionState: expect.objectContaining({ template: expect.anything() }),
    });

    expect(await sweepExecuting(t.db, later(ports))).toEqual([expect.objectContaining({ actionId: action.id, outcome: "failed" })]);
    expect(await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      state: "failed",
      error: expect.stringContaining("does not hold the change"),
    });
    expect(image()).toBe(before);
    expect(writes()).toHaveLength(0);
    // Settled once: a second pass finds nothing.
    expect(await sweepExecuting(t.db, later(ports))).toEqual([]);
  }, 60_000);

  it("stopped after its PATCH landed: executed, the incident mitigating, verification under way", async () => {
    const { action, user, ports, incident } = await approvedAction();
    const before = image();
    await executeAndKill(action.id, user.id, "after-write");
    expect(writes()).toHaveLength(1);
    expect(image()).not.toBe(before);
    expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("executing");

    expect(await sweepExecuting(t.db, later(ports))).toEqual([expect.objectContaining({ actionId: action.id, outcome: "executed" })]);
    const settled = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(settled).toMatchObject({
      state: "executed",
      executedAt: expect.any(Date),
      result: expect.objectContaining({ settledBy: "sweep" }),
    });
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("mitigating");
    expect(await pendingVerifications(t.db)).toContain(action.id);
    const events = await t.db.auditEvent.findMany({
      where: { incidentId: incident.id },
      orderBy: { seq: "asc" },
      select: { action: true, data: true },
    });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["action.executing", "action.executed", "incident.state_changed"]));
    expect(events.find((e) => e.action === "incident.state_changed" && (e.data as { to?: string }).to === "mitigating")).toBeTruthy();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  }, 60_000);
});
