// Remediation end to end on a real database and the sandbox cluster (the real Kubernetes
// client over HTTP): a bad deploy's rollback proposal guarded, previewed, approved,
// executed as `kubectl rollout undo` would, verified, rolled back — and every way it must
// refuse or fail cleanly: roles, races, expiry, a changed object, policy, each API error.
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { V1Deployment } from "@kubernetes/client-node";
import { remediationPortsFor } from "@/lib/testing/remediation-ports";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { PolicyFile } from "@/lib/remediation/policy-config";
import type { RemediationPorts } from "@/lib/remediation/ports";
import type { NotifyEvent } from "@/lib/notify/types";
import { afterRca } from "@/lib/remediation/after-rca";
import { assessAction, guardProposals, storeVerdict } from "@/lib/remediation/guard";
import { approveAction, rejectAction } from "@/lib/remediation/decide";
import { undoAction } from "@/lib/remediation/undo";
import { verifyAction } from "@/lib/remediation/verify";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Preview } from "@/lib/remediation/preview";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));

let t: TestDb;
let world: ScenarioWorld | undefined;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

type Setup = { policy?: PolicyFile; verifyTimeoutS?: number };
type Ports = RemediationPorts & { events: NotifyEvent[]; clock: { offsetMs: number } };

function portsFor(w: ScenarioWorld, setup: Setup = {}): Ports {
  const events: NotifyEvent[] = [];
  const clock = { offsetMs: 0 };
  const ports = remediationPortsFor(w, {
    policy: setup.policy,
    verifyTimeoutS: setup.verifyTimeoutS,
    writeTimeoutMs: 400,
    notifier: { notify: async (e) => void events.push(e) },
    now: () => new Date(Date.now() + clock.offsetMs),
  });
  return { ...ports, events, clock };
}

async function user(role: Role) {
  return t.db.user.create({ data: { email: `${unique(role)}@vigil.test`, passwordHash: "unused", role } });
}

/** A fresh incident of the bad deploy, investigated by the rules, its proposals guarded. */
async function incidentWithProposal(setup: Setup = {}, existing?: ScenarioWorld) {
  world = existing ?? (await startScenarioWorld(scenario));
  const ports = portsFor(world, setup);
  const run = unique("run");
  const alerts = scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined }));
  const payload = { ...scenario.alertmanager, alerts, groupKey: unique(scenario.alertmanager.groupKey) };
  const incident = (await ingestAlertmanagerPayload(t.db, payload, new Date(scenario.now))).incident!;
  const result = await investigateIncident(t.db, incident.id, world.ports);
  await afterRca(t.db, incident.id, result!.runId, ports);
  const action = await t.db.proposedAction.findFirstOrThrow({ where: { incidentId: incident.id, rank: 1 } });
  return { incident, action, ports, payload, sandbox: world.cluster };
}

const deployment = () => world!.cluster.store.get("deployments", "shop", "checkout-api") as unknown as V1Deployment;
const writes = () => world!.cluster.requests.filter((r) => r.method === "PATCH" && r.query?.dryRun === undefined);
const auditOf = (targetId: string) =>
  t.db.auditEvent.findMany({ where: { targetId }, orderBy: { seq: "asc" } }).then((rows) => rows.map((r) => r.action));

describe("a proposal's way to the cluster", () => {
  it("is guarded and previewed as a dry run, then one approval applies exactly what kubectl rollout undo would", async () => {
    const { incident, action, ports } = await incidentWithProposal();
    expect(action).toMatchObject({ kind: "rollback", namespace: "shop", name: "checkout-api", state: "proposed", policyAllowed: true });
    const preview = action.preview as Preview;
    expect(preview.dryRun).toEqual({ ok: true });
    expect(preview.changes).toContainEqual(
      expect.objectContaining({ path: "containers[checkout-api].image", before: "ghcr.io/acme/checkout-api:2.14.0" }),
    );
    expect(writes()).toHaveLength(0);
    expect(ports.events.map((e) => e.type)).toEqual(["rca.ready", "approval.needed"]);

    const before = deployment();
    const previousRs = world!.cluster.store
      .list("replicasets", "shop")
      .map(
        (rs) =>
          rs as unknown as {
            metadata: { annotations: Record<string, string> };
            spec: { template: { spec: { containers: { image: string }[] } } };
          },
      )
      .sort(
        (a, b) =>
          Number(b.metadata.annotations["deployment.kubernetes.io/revision"]) -
          Number(a.metadata.annotations["deployment.kubernetes.io/revision"]),
      )[1]!;
    const responder = await user("responder");
    const decision = await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports);
    expect(decision).toMatchObject({ ok: true, state: "approved", execution: { ok: true } });

    const after = deployment();
    expect(after.spec!.template!.spec!.containers[0]!.image).toBe(previousRs.spec.template.spec.containers[0]!.image);
    expect(Number(after.metadata!.annotations!["deployment.kubernetes.io/revision"])).toBeGreaterThan(
      Number(before.metadata!.annotations!["deployment.kubernetes.io/revision"]),
    );
    expect(after.metadata!.annotations!["vigil.dev/trace-id"]).toBe(incident.traceId);
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({ contentType: "application/json-patch+json" });
    expect(writes()[0]!.query?.fieldManager).toContain(incident.traceId);

    const stored = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(stored).toMatchObject({
      state: "executed",
      preActionState: { resourceVersion: before.metadata!.resourceVersion, replicas: before.spec!.replicas },
    });
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("mitigating");
    expect(await auditOf(action.id)).toEqual([
      "action.proposed",
      "action.guarded",
      "action.previewed",
      "action.approved",
      "action.executing",
      "action.executed",
    ]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("executes at most once when two responders approve at the same moment", async () => {
    const { action, ports } = await incidentWithProposal();
    const [a, b] = await Promise.all([user("responder"), user("admin")]);
    const decisions = await Promise.all(
      [a, b].map((u) => approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, u, ports)),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(1);
    expect(decisions.find((d) => !d.ok)).toMatchObject({ code: expect.stringMatching(/already_decided|not_pending/) });
    expect(writes()).toHaveLength(1);
    expect(await t.db.approval.count({ where: { actionId: action.id } })).toBe(1);
  });

  it("refuses a viewer, records the refusal, and changes nothing", async () => {
    const { action, ports } = await incidentWithProposal();
    const viewer = await user("viewer");
    expect(await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, viewer, ports)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await rejectAction(t.db, { actionId: action.id }, viewer, ports)).toMatchObject({ ok: false, code: "forbidden" });
    expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("proposed");
    expect(writes()).toHaveLength(0);
    expect(await auditOf(action.id)).toContain("action.approval_refused");
  });

  it("needs two different people for a high-risk action, and an expired first approval does not count", async () => {
    const { action, ports } = await incidentWithProposal({ policy: { highRiskKinds: ["rollback"] } });
    const [first, second, third] = await Promise.all([user("responder"), user("responder"), user("responder")]);
    const approve = (u: { id: string; role: Role }) =>
      approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, u, ports);
    expect(await approve(first)).toMatchObject({ ok: true, state: "awaiting_second_approval", approvals: 1, required: 2 });
    expect(await approve(first)).toMatchObject({ ok: false, code: "already_decided" });
    // Sixteen minutes later the first approval has expired: the second is again only one.
    ports.clock.offsetMs = 16 * 60_000;
    expect(await approve(second)).toMatchObject({ ok: true, state: "awaiting_second_approval", approvals: 1 });
    expect(writes()).toHaveLength(0);
    expect(await approve(third)).toMatchObject({ ok: true, state: "approved", execution: { ok: true } });
    expect(writes()).toHaveLength(1);
  });

  it("counts only approvals of the preview being approved: a new preview voids the open ones", async () => {
    const { action, ports } = await incidentWithProposal({ policy: { highRiskKinds: ["rollback"] } });
    const [a, b, c] = await Promise.all([user("responder"), user("responder"), user("admin")]);
    const approve = (u: { id: string; role: Role }, previewHash: string) =>
      approveAction(t.db, { actionId: action.id, previewHash }, u, ports);
    expect(await approve(a, action.previewHash!)).toMatchObject({ ok: true, state: "awaiting_second_approval", approvals: 1, required: 2 });
    // The Deployment changes after A's approval (an autoscaler is enough): B sees a fresh preview.
    await ports.writer.patchDeployment(
      "shop",
      "checkout-api",
      { type: "merge", body: { spec: { replicas: 5 } } },
      { traceId: "0".repeat(32) },
    );
    const byHand = writes().length;
    expect(await approve(b, action.previewHash!)).toMatchObject({ ok: false, code: "object_changed" });
    const fresh = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(fresh.previewHash).not.toBe(action.previewHash);
    expect(await auditOf(action.id)).toContain("action.approvals_voided");
    // A never saw the new change: B's approval of it is the first, not the second.
    expect(await approve(b, fresh.previewHash!)).toMatchObject({ ok: true, state: "awaiting_second_approval", approvals: 1, required: 2 });
    expect(writes()).toHaveLength(byHand);
    expect(await approve(c, fresh.previewHash!)).toMatchObject({ ok: true, state: "approved", execution: { ok: true } });
    expect(writes()).toHaveLength(byHand + 1);
  });

  it("approves a two-approver action exactly once, and executes it once, when both approve at the same moment", async () => {
    for (let round = 0; round < 3; round++) {
      const { action, ports } = await incidentWithProposal({ policy: { highRiskKinds: ["rollback"] } });
      const [a, b] = await Promise.all([user("responder"), user("admin")]);
      const decisions = await Promise.all(
        [a, b].map((u) => approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, u, ports)),
      );
      // Neither may strand it as "awaiting": the later of the two sees the earlier's approval.
      expect(decisions.map((d) => (d.ok ? d.state : d.code)).sort()).toEqual(["approved", "awaiting_second_approval"]);
      expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("executed");
      expect(writes()).toHaveLength(1);
      await world!.stop();
      world = undefined;
    }
  });

  it("refuses an approval when the object changed since the preview, and shows a fresh preview", async () => {
    const { action, ports } = await incidentWithProposal();
    // Someone scales the Deployment by hand after the preview.
    await ports.writer.patchDeployment(
      "shop",
      "checkout-api",
      { type: "merge", body: { spec: { replicas: 7 } } },
      { traceId: "0".repeat(32) },
    );
    const responder = await user("responder");
    const decision = await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports);
    expect(decision).toMatchObject({ ok: false, code: "object_changed" });
    const fresh = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(fresh.resourceVersion).toBe(deployment().metadata!.resourceVersion);
    expect(fresh.previewHash).not.toBe(action.previewHash);
    // The old preview's hash no longer approves anything; the fresh one does.
    expect(await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports)).toMatchObject({
      ok: false,
      code: "stale_preview",
    });
    expect(await approveAction(t.db, { actionId: action.id, previewHash: fresh.previewHash! }, responder, ports)).toMatchObject({
      ok: true,
      state: "approved",
    });
  });

  it("never lets a verdict reached on a stale copy overwrite a decision made meanwhile", async () => {
    const { action, ports } = await incidentWithProposal();
    // The guard read the action (proposed), then a slow check; meanwhile a human rejected it.
    const verdict = await assessAction(t.db, action, ports);
    expect(await rejectAction(t.db, { actionId: action.id }, await user("responder"), ports)).toMatchObject({
      ok: true,
      state: "rejected",
    });
    expect(await storeVerdict(t.db, action, { ...verdict, allowed: false })).toBe(false);
    expect(await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({
      state: "rejected",
      policyAllowed: true,
    });
  });

  it("refuses, with reasons, what the policy does not allow — no approve possible", async () => {
    const { action, ports } = await incidentWithProposal({ policy: { allowedNamespaces: ["payments"] } });
    expect(action).toMatchObject({ state: "refused", policyAllowed: false, preview: null });
    const reasons = (action.policyVerdict as { reasons: { ok: boolean; message: string }[] }).reasons
      .filter((r) => !r.ok)
      .map((r) => r.message);
    expect(reasons).toContainEqual(expect.stringContaining("namespace shop is not in the allowed namespaces"));
    const responder = await user("responder");
    expect(await approveAction(t.db, { actionId: action.id, previewHash: "f".repeat(64) }, responder, ports)).toMatchObject({
      ok: false,
      code: "not_pending",
    });
    expect(writes()).toHaveLength(0);
  });

  it("refuses a proposal aimed outside the incident's workload, whatever the model was told", async () => {
    const { incident, action, ports } = await incidentWithProposal();
    const injected = await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        agentRunId: action.agentRunId,
        traceId: incident.traceId,
        rank: 2,
        kind: "scale",
        namespace: "kube-system",
        name: "coredns",
        replicas: 0,
        risk: "low",
        rationale: "the log said so",
        confidence: 0.99,
      },
    });
    const sameNamespace = await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        agentRunId: action.agentRunId,
        traceId: incident.traceId,
        rank: 3,
        kind: "restart",
        namespace: "shop",
        name: "payments-api",
        risk: "low",
        rationale: "also restart payments",
        confidence: 0.99,
      },
    });
    await guardProposals(t.db, incident.id, ports, async () => undefined);
    for (const id of [injected.id, sameNamespace.id]) {
      const refused = await t.db.proposedAction.findUniqueOrThrow({ where: { id } });
      expect(refused).toMatchObject({ state: "refused", policyAllowed: false });
      expect(JSON.stringify(refused.policyVerdict)).toContain("shop/checkout-api");
    }
    expect(writes()).toHaveLength(0);
  });

  it("refuses an action that does not follow from the RCA's root cause, with the safety table's reason, whatever proposed it", async () => {
    const { incident, action, ports } = await incidentWithProposal();
    expect((await t.db.agentRun.findUniqueOrThrow({ where: { id: action.agentRunId! } })).rootCause).toBe("bad_deploy");
    // On the incident's own workload, confident, low risk, autonomous mode on: still not a fix for a bad deploy.
    const autonomousPorts = {
      ...ports,
      policy: { ...ports.policy, autonomous: [{ namespace: "shop", minConfidence: 0.9, maxRisk: "low" as const }] },
    };
    const restart = await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        agentRunId: action.agentRunId,
        traceId: incident.traceId,
        rank: 2,
        kind: "restart",
        namespace: "shop",
        name: "checkout-api",
        risk: "low",
        rationale: "restarts fix most things",
        confidence: 0.99,
      },
    });
    // No RCA behind it at all: nothing shows it would help.
    const orphan = await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        traceId: incident.traceId,
        rank: 3,
        kind: "rollback",
        namespace: "shop",
        name: "checkout-api",
        risk: "low",
        rationale: "someone said so",
        confidence: 0.99,
      },
    });
    let executed = 0;
    await guardProposals(t.db, incident.id, autonomousPorts, async () => void (executed += 1));
    const refusal = async (id: string) => {
      const refused = await t.db.proposedAction.findUniqueOrThrow({ where: { id } });
      expect(refused).toMatchObject({ state: "refused", policyAllowed: false, preview: null });
      return (refused.policyVerdict as { reasons: { rule: string; ok: boolean; message: string }[] }).reasons.filter((r) => !r.ok);
    };
    expect(await refusal(restart.id)).toEqual([
      { rule: "cause", ok: false, message: "restart does not follow from bad_deploy (only rollback can)" },
    ]);
    expect(await refusal(orphan.id)).toEqual([
      { rule: "cause", ok: false, message: "no root cause analysis is on record for this rollback: nothing shows it would help" },
    ]);
    const guarded = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: restart.id, action: "action.guarded" } });
    expect(guarded.data).toMatchObject({ allowed: false, refused: ["restart does not follow from bad_deploy (only rollback can)"] });
    // Refused for good: no approval can run it.
    const responder = await user("responder");
    expect(await approveAction(t.db, { actionId: restart.id, previewHash: "f".repeat(64) }, responder, ports)).toMatchObject({
      ok: false,
      code: "not_pending",
    });
    expect(executed).toBe(0);
    expect(writes()).toHaveLength(0);
  });

  it.each([
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [422, "invalid"],
    [500, "server"],
    ["none", "timeout"],
  ] as const)("records a Kubernetes answer of %s (%s) as a clean failure: nothing half-done", async (status, kind) => {
    const { action, ports, sandbox } = await incidentWithProposal();
    const before = deployment();
    sandbox.injectFault(status === "none" ? { method: "PATCH", hang: true } : { method: "PATCH", status });
    const responder = await user("responder");
    const decision = await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports);
    expect(decision).toMatchObject({ ok: true, state: "approved", execution: { ok: false } });
    const stored = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(stored.state).toBe("failed");
    expect(stored.error).toBeTruthy();
    const failedAudit = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: action.id, action: "action.failed" } });
    expect(failedAudit.data).toMatchObject({ kind, ...(status !== "none" ? { status } : {}) });
    const after = deployment();
    expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
    expect(after.spec).toEqual(before.spec);
    expect(ports.events.at(-1)).toMatchObject({ type: "action.result", result: "failed" });
  });
});

describe("after the action", () => {
  it("verifies when the rollout is ready and the alerts resolve; one click rolls it back to the exact pre-action spec", async () => {
    const { incident, action, ports, payload } = await incidentWithProposal();
    const before = deployment();
    const responder = await user("responder");
    await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports);
    expect(await verifyAction(t.db, action.id, ports)).toBe("pending");

    const resolvedAt = new Date();
    await ingestAlertmanagerPayload(
      t.db,
      {
        ...payload,
        status: "resolved",
        alerts: payload.alerts.map((a) => ({ ...a, status: "resolved", endsAt: resolvedAt.toISOString() })),
      },
      resolvedAt,
    );
    expect(await verifyAction(t.db, action.id, ports)).toBe("effective");
    const verified = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(verified).toMatchObject({ effective: true, verification: { rollout: { ready: true }, alerts: { cleared: true } } });
    expect(ports.events.at(-1)).toMatchObject({ type: "action.result", result: "verified" });

    const undo = await undoAction(t.db, action.id, responder, ports);
    expect(undo.decision).toMatchObject({ ok: true, state: "approved", execution: { ok: true } });
    const restored = deployment();
    expect(restored.spec!.template).toEqual(before.spec!.template);
    expect(restored.spec!.replicas).toBe(before.spec!.replicas);
    expect(restored.metadata!.annotations!["vigil.dev/trace-id"]).toBe(incident.traceId);
    expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("rolled_back");
    expect(await auditOf(undo.undoId!)).toEqual([
      "action.rollback_proposed",
      "action.guarded",
      "action.previewed",
      "action.approved",
      "action.executing",
      "action.executed",
    ]);
    // An undo can't be undone twice.
    expect((await undoAction(t.db, action.id, responder, ports)).decision).toMatchObject({ ok: false, code: "not_pending" });
  });

  it("rolls back once when two responders click roll back at the same moment, and tells the other why", async () => {
    const { action, ports } = await incidentWithProposal();
    const [a, b] = [await user("responder"), await user("responder")];
    await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, a, ports);
    const writesBefore = writes().length;
    const undos = await Promise.all([undoAction(t.db, action.id, a, ports), undoAction(t.db, action.id, b, ports)]);
    expect(undos.filter((u) => u.decision.ok && u.decision.state === "approved")).toHaveLength(1);
    const other = undos.find((u) => !u.decision.ok)!;
    expect(other.decision).toMatchObject({ ok: false, code: expect.stringMatching(/not_pending|already_decided/) });
    expect(JSON.stringify(other.decision)).not.toMatch(/Unique constraint|prisma|P2002/i);
    expect(writes().length - writesBefore).toBe(1);
    expect(await t.db.proposedAction.count({ where: { rollbackOfId: action.id } })).toBe(1);
    expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("rolled_back");
  });

  it("escalates to humans after three ineffective actions", async () => {
    const { incident, action, ports } = await incidentWithProposal({ verifyTimeoutS: 60 });
    const responder = await user("responder");
    const requeued: string[] = [];
    const tryAction = async (id: string) => {
      const fresh = await t.db.proposedAction.findUniqueOrThrow({ where: { id } });
      expect(await approveAction(t.db, { actionId: id, previewHash: fresh.previewHash! }, responder, ports)).toMatchObject({
        ok: true,
        state: "approved",
      });
      ports.clock.offsetMs += 2 * 60_000; // past the verification deadline, alerts still firing
      return verifyAction(t.db, id, ports, async (_sql, incidentId) => void requeued.push(incidentId));
    };
    expect(await tryAction(action.id)).toBe("ineffective");
    expect(requeued).toEqual([incident.id]);
    // Back to investigating in the verdict's own transaction, audited with the reason.
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("investigating");
    const back = await t.db.auditEvent.findFirstOrThrow({
      where: { incidentId: incident.id, action: "incident.state_changed" },
      orderBy: { seq: "desc" },
    });
    expect(back.data).toMatchObject({
      from: "mitigating",
      to: "investigating",
      reason: expect.stringContaining("did not resolve"),
      actionId: action.id,
    });
    for (let i = 0; i < 2; i++) {
      // Another try at what the bad deploy's RCA justifies: a rollback.
      const retry = await t.db.proposedAction.create({
        data: {
          incidentId: incident.id,
          agentRunId: action.agentRunId,
          traceId: incident.traceId,
          rank: 10 + i,
          kind: "rollback",
          namespace: "shop",
          name: "checkout-api",
          risk: "low",
          rationale: "roll back again",
          confidence: 0.8,
        },
      });
      await guardProposals(t.db, incident.id, ports, async () => undefined);
      expect(await tryAction(retry.id)).toBe("ineffective");
    }
    const escalated = await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(escalated.escalated).toBe(true);
    expect(ports.events.filter((e) => e.type === "escalation")).toHaveLength(1);
    expect(await auditOf(incident.id)).toContain("incident.escalated");
  });

  it("executes without a click only where an autonomous policy allows it, and records which", async () => {
    for (const autonomous of [[{ namespace: "shop" }], []]) {
      const { incident, action, ports } = await incidentWithProposal({ policy: { autonomous } });
      const rollback = await t.db.proposedAction.create({
        data: {
          incidentId: incident.id,
          agentRunId: action.agentRunId,
          traceId: incident.traceId,
          rank: 1,
          kind: "rollback",
          namespace: "shop",
          name: "checkout-api",
          risk: "low",
          rationale: "roll back",
          confidence: 0.95,
        },
      });
      await t.db.proposedAction.update({ where: { id: action.id }, data: { rank: 2 } });
      await guardProposals(t.db, incident.id, ports, async (id, policy) => {
        const { approveAutonomously } = await import("@/lib/remediation/decide");
        await approveAutonomously(t.db, id, policy, ports);
      });
      const stored = await t.db.proposedAction.findUniqueOrThrow({ where: { id: rollback.id } });
      if (autonomous.length) {
        expect(stored).toMatchObject({ state: "executed", autonomousPolicy: expect.stringContaining("shop") });
        expect(writes()).toHaveLength(1);
      } else {
        expect(stored.state).toBe("proposed");
        expect(writes()).toHaveLength(0);
      }
      await world!.stop();
      world = undefined;
    }
  });

  it("refuses an action past the workload's rate limit", async () => {
    const recent = await t.db.proposedAction.count({
      where: { namespace: "shop", name: "checkout-api", executedAt: { gte: new Date(Date.now() - 3_600_000) } },
    });
    const { action } = await incidentWithProposal({ policy: { maxExecutionsPerWorkload: recent + 1 } });
    expect(action.policyAllowed).toBe(true);
    const responder = await user("responder");
    const ports = portsFor(world!, { policy: { maxExecutionsPerWorkload: recent + 1 } });
    expect(await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports)).toMatchObject({
      ok: true,
      state: "approved",
    });
    // A fresh cluster with the bad deploy still in place (the rule engine proposes a rollback
    // only where there is a revision to go back to); the limit counts executions on the workload.
    await world!.stop();
    world = undefined;
    const { action: next } = await incidentWithProposal({ policy: { maxExecutionsPerWorkload: recent + 1 } });
    expect(next).toMatchObject({ state: "refused", policyAllowed: false });
    expect(JSON.stringify(next.policyVerdict)).toMatch(/rate/i);
  });

  it("refuses every approval while the model is in watchtower mode", async () => {
    const { action, ports } = await incidentWithProposal();
    const responder = await user("responder");
    const watching = { ...ports, watchtower: () => ({ active: true, reason: "model latency p99 75s exceeds the 60s limit" }) };
    const decision = await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, watching);
    expect(decision).toMatchObject({ ok: false, code: "refused_by_policy", message: expect.stringContaining("watchtower") });
    expect(writes()).toHaveLength(0);
  });
});
