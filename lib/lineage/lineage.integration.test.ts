// A real incident's lineage, made by the real pipeline on a real database and the sandbox
// cluster (the same setup as the remediation tests): the bad deploy's alert ingested,
// investigated by the rules, its rollback guarded, previewed, approved, applied, verified
// and undone — then read back as alert → evidence → rules → proposal → policy → approval →
// Kubernetes request → verification → rollback, each node linked to the row it stands for,
// and the trace id on the Deployment leading back to the incident.
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { V1Deployment } from "@kubernetes/client-node";
import { remediationPortsFor } from "@/lib/testing/remediation-ports";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { afterRca } from "@/lib/remediation/after-rca";
import { approveAction } from "@/lib/remediation/decide";
import { verifyAction } from "@/lib/remediation/verify";
import { undoAction } from "@/lib/remediation/undo";
import { buildLineage } from "@/lib/lineage/build";
import { acknowledgeIncident, addNote, resolveByHand } from "@/lib/incidents/human";
import { findIncidentByTrace } from "@/lib/lineage/lookup";
import type { LineageNode } from "@/lib/lineage/types";

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

const portsFor = (w: ScenarioWorld) => remediationPortsFor(w);

const kinds = (nodes: LineageNode[]) => nodes.map((n) => n.kind);
const find = (nodes: LineageNode[], id: string) => {
  const node = nodes.find((n) => n.id === id);
  expect(node, id).toBeDefined();
  return node!;
};
const only = <K extends LineageNode["kind"]>(nodes: LineageNode[], kind: K) => {
  const found = nodes.filter((n): n is Extract<LineageNode, { kind: K }> => n.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

describe("an incident's lineage, built by the real pipeline", () => {
  it("runs alert → evidence → rules → proposal → policy → approval → Kubernetes request → verification → rollback, each node on its record", async () => {
    world = await startScenarioWorld(scenario);
    const ports = portsFor(world);
    const run = unique("run");
    const payload = {
      ...scenario.alertmanager,
      alerts: scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined })),
      groupKey: unique(scenario.alertmanager.groupKey),
    };
    const incident = (await ingestAlertmanagerPayload(t.db, payload, new Date(scenario.now))).incident!;
    const investigation = await investigateIncident(t.db, incident.id, world.ports);
    await afterRca(t.db, incident.id, investigation!.runId, ports);
    const action = await t.db.proposedAction.findFirstOrThrow({ where: { incidentId: incident.id, rank: 1 } });
    expect(action).toMatchObject({ kind: "rollback", state: "proposed", policyAllowed: true });

    const responder = await t.db.user.create({
      data: { email: `${unique("ana")}@vigil.test`, name: "Ana On-call", passwordHash: "unused", role: "responder" },
    });
    expect(await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports)).toMatchObject({
      ok: true,
      state: "approved",
      execution: { ok: true },
    });
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

    const lineage = (await buildLineage(t.db, incident.id))!;
    expect(lineage.incident).toMatchObject({ id: incident.id, number: incident.number, traceId: incident.traceId });
    const nodes = lineage.nodes;
    // The executed rollback's chain, then the other proposals of the same run.
    const chain = nodes
      .filter((n) => n.kind !== "proposal" || n.id === `proposal-${action.id}`)
      .filter((n) => !("actionId" in n.detail) || n.detail.actionId === action.id);
    expect(kinds(chain)).toEqual(["alert", "evidence", "rules", "proposal", "policy", "approval", "kubernetes_request", "verification"]);
    for (const n of nodes) expect(n.traceId).toBe(incident.traceId);

    const [alertRow] = await t.db.alert.findMany({ where: { incidentId: incident.id } });
    const alertNode = only(nodes, "alert");
    expect(alertNode).toMatchObject({ ref: { type: "Alert", id: alertRow!.id }, parents: [], title: alertRow!.alertname });
    expect(alertNode.detail.raw).toEqual(alertRow!.raw);

    const evidence = only(nodes, "evidence");
    const collect = await t.db.agentStep.findFirstOrThrow({ where: { runId: investigation!.runId, kind: "collect" } });
    expect(evidence).toMatchObject({ parents: [alertNode.id], ref: { type: "AgentStep", id: collect.id } });
    const stored = await t.db.evidence.findMany({ where: { agentRunId: investigation!.runId } });
    expect(evidence.detail.items.map((i) => i.id).sort()).toEqual(stored.map((e) => e.id).sort());
    expect(evidence.detail.items.some((i) => i.cited)).toBe(true);

    // The rules answered (no model configured): no model call, and the proposals come from the rules.
    expect(nodes.filter((n) => n.kind === "model_call")).toHaveLength(0);
    const rules = only(nodes, "rules");
    expect(rules).toMatchObject({
      parents: [evidence.id],
      ref: { type: "AgentRun", id: investigation!.runId },
      detail: { primary: true, rootCause: "bad_deploy" },
    });

    const proposal = find(nodes, `proposal-${action.id}`);
    expect(proposal).toMatchObject({
      kind: "proposal",
      parents: [rules.id],
      ref: { type: "ProposedAction", id: action.id },
      title: "Roll back shop/checkout-api",
    });
    const policy = find(nodes, `policy-${action.id}`);
    expect(policy).toMatchObject({ kind: "policy", parents: [proposal.id], title: "Policy: allowed" });
    expect(policy.kind === "policy" && policy.detail.preview).toMatchObject({
      dryRun: { ok: true },
      previewHash: action.previewHash,
      resourceVersion: action.resourceVersion,
    });

    const approvalRow = await t.db.approval.findFirstOrThrow({ where: { actionId: action.id } });
    const approval = only(nodes, "approval");
    expect(approval).toMatchObject({
      parents: [policy.id],
      ref: { type: "Approval", id: approvalRow.id },
      title: `Approved by ${responder.email}`,
      detail: {
        decision: "approved",
        by: { email: responder.email, name: "Ana On-call" },
        at: approvalRow.createdAt.toISOString(),
        usedAt: approvalRow.usedAt!.toISOString(),
      },
    });

    const executed = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: action.id, action: "action.executed" } });
    const after = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    const result = after.result as { resourceVersion: { before: string; after: string } };
    const k8s = only(nodes, "kubernetes_request");
    expect(k8s).toMatchObject({
      parents: [approval.id],
      ref: { type: "AuditEvent", id: executed.seq.toString() },
      title: "Kubernetes PATCH deployment shop/checkout-api",
      detail: {
        outcome: "applied",
        request: "PATCH /apis/apps/v1/namespaces/shop/deployments/checkout-api",
        contentType: "application/json-patch+json",
        fieldManager: `vigil-${incident.traceId}`,
        status: 200,
        resourceVersion: result.resourceVersion,
        traceAnnotation: incident.traceId,
      },
    });
    // What the lineage says was sent is what the sandbox API server received.
    const write = world.cluster.requests.find((r) => r.method === "PATCH" && r.query?.dryRun === undefined)!;
    expect(write.query?.fieldManager).toBe(k8s.kind === "kubernetes_request" && k8s.detail.fieldManager);
    expect(JSON.stringify(k8s.detail)).toContain(`"value":"${result.resourceVersion.before}"`);

    const verification = only(nodes, "verification");
    expect(verification).toMatchObject({
      parents: [k8s.id],
      title: "Verified",
      detail: { status: "verified", rollout: { ok: true }, alerts: { ok: true } },
    });

    // The trace id on the Deployment leads back to this incident.
    const deployment = world.cluster.store.get("deployments", "shop", "checkout-api") as unknown as V1Deployment;
    const annotation = deployment.metadata!.annotations!["vigil.dev/trace-id"]!;
    expect(await findIncidentByTrace(t.db, annotation)).toMatchObject({
      incidentId: incident.id,
      number: incident.number,
      lineageUrl: `/incidents/${incident.id}/lineage`,
    });

    // One click undoes it: a rollback branch off the verified action, with its own approval and request.
    const undo = await undoAction(t.db, action.id, responder, ports);
    expect(undo.decision).toMatchObject({ ok: true, state: "approved" });
    const withUndo = (await buildLineage(t.db, incident.id))!.nodes;
    const rollback = find(withUndo, `rollback-${undo.undoId}`);
    expect(rollback).toMatchObject({ kind: "rollback", parents: [verification.id], title: "Undo: Roll back shop/checkout-api" });
    const undoChain = withUndo.slice(withUndo.indexOf(rollback)).filter((n) => "actionId" in n.detail && n.detail.actionId === undo.undoId);
    expect(kinds(undoChain)).toEqual(["rollback", "policy", "approval", "kubernetes_request", "verification"]);
    expect(undoChain[3]).toMatchObject({ parents: [undoChain[2]!.id], detail: { outcome: "applied", traceAnnotation: incident.traceId } });
    // Parents always come first.
    const seen = new Set<string>();
    for (const n of withUndo) {
      for (const p of n.parents) expect(seen.has(p), `${n.id} after ${p}`).toBe(true);
      seen.add(n.id);
    }
  });

  it("shows what people did to the incident as their own stage, in order, with who and why", async () => {
    const incident = await t.db.incident.create({
      data: { title: "checkout errors", state: "investigating", groupKey: `g-${Date.now()}`, traceId: "ab".repeat(16) },
    });
    const ana = await t.db.user.create({ data: { email: `ana-${Date.now()}@acme.test`, passwordHash: "x", role: "responder" } });
    const person = { id: ana.id, email: ana.email, role: ana.role };
    await acknowledgeIncident(t.db, incident.id, person);
    await addNote(t.db, incident.id, person, "Waiting on the vendor.");
    await resolveByHand(t.db, incident.id, person, { reason: "fixed outside Vigil" });
    const commands = (await buildLineage(t.db, incident.id))!.nodes.filter((n) => n.kind === "command");
    expect(commands.map((n) => [n.title, n.summary])).toEqual([
      ["Acknowledged", `by ${ana.email}`],
      [`Assigned to ${ana.email}`, `by ${ana.email}`],
      ["Note N1: Waiting on the vendor.", `by ${ana.email}`],
      ["Incident resolved by hand: fixed outside Vigil", `by ${ana.email}`],
    ]);
    expect(commands[3]).toMatchObject({
      parents: [commands[2]!.id],
      detail: { action: "incident.resolved", reason: "fixed outside Vigil" },
    });
  });

  it("knows nothing of an unknown incident or trace id", async () => {
    expect(await buildLineage(t.db, "no-such-incident")).toBeNull();
    expect(await findIncidentByTrace(t.db, "f".repeat(32))).toBeNull();
  });
});
