import { describe, expect, it } from "vitest";
import { shapeLineage } from "@/lib/lineage/shape";
import { action, alert, approval, audit, preview, records, request, run, t, traceId, verdict } from "@/lib/testing/lineage-records";
import type { LineageNode } from "@/lib/lineage/types";

const byKind = <K extends LineageNode["kind"]>(nodes: LineageNode[], kind: K) =>
  nodes.filter((n): n is Extract<LineageNode, { kind: K }> => n.kind === kind);
const one = <K extends LineageNode["kind"]>(nodes: LineageNode[], kind: K) => {
  const found = byKind(nodes, kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

describe("shapeLineage", () => {
  it("links alert → evidence → rules → proposal → policy → approval → kubernetes request → verification", () => {
    const nodes = shapeLineage(records());
    expect(nodes.map((n) => n.kind)).toEqual([
      "alert",
      "evidence",
      "rules",
      "proposal",
      "policy",
      "approval",
      "kubernetes_request",
      "verification",
    ]);
    const [a, e, r, p, pol, ap, k, v] = nodes;
    expect(e!.parents).toEqual([a!.id]);
    expect(r!.parents).toEqual([e!.id]);
    expect(p!.parents).toEqual([r!.id]);
    expect(pol!.parents).toEqual([p!.id]);
    expect(ap!.parents).toEqual([pol!.id]);
    expect(k!.parents).toEqual([ap!.id]);
    expect(v!.parents).toEqual([k!.id]);
    for (const n of nodes) expect(n.traceId).toBe(traceId);
    // Every parent comes before its child, and ids are safe in a URL fragment.
    const seen = new Set<string>();
    for (const n of nodes) {
      for (const parent of n.parents) expect(seen.has(parent), `${n.id} after ${parent}`).toBe(true);
      seen.add(n.id);
      expect(n.id).toMatch(/^[a-z0-9-]+$/i);
    }
  });

  it("points each node at the record it stands for", () => {
    const nodes = shapeLineage(records());
    expect(nodes.map((n) => n.ref)).toEqual([
      { type: "Alert", id: "al1" },
      { type: "AgentStep", id: "run1-s1" },
      { type: "AgentRun", id: "run1" },
      { type: "ProposedAction", id: "act1" },
      { type: "ProposedAction", id: "act1" },
      { type: "Approval", id: "ap1" },
      { type: "AuditEvent", id: "12" },
      { type: "ProposedAction", id: "act1" },
    ]);
  });

  it("tells the evidence: items in ref order, what went into the prompt, what the RCA cited", () => {
    const evidence = one(shapeLineage(records()), "evidence");
    expect(evidence.detail.items.map((i) => [i.ref, i.inContext, i.cited])).toEqual([
      ["E1", true, true],
      ["E2", false, false],
      ["E3", true, true],
    ]);
    expect(evidence.detail).toMatchObject({
      inContext: 2,
      contextTokens: 180,
      redactions: 2,
      subject: { namespace: "shop", name: "checkout-api" },
    });
    expect(evidence.summary).toBe("3 items from alert, logs, rollout · 2 in the prompt (180 tokens) · 2 redactions");
  });

  it("gives the Kubernetes request as sent and as answered", () => {
    const k8s = one(shapeLineage(records()), "kubernetes_request");
    expect(k8s.title).toBe("Kubernetes PATCH deployment shop/checkout-api");
    expect(k8s.summary).toBe("200 OK · resourceVersion 41 → 42 · generation 8 · annotated with the trace id");
    expect(k8s.detail).toMatchObject({
      outcome: "applied",
      method: "PATCH",
      path: "/apis/apps/v1/namespaces/shop/deployments/checkout-api",
      contentType: "application/json-patch+json",
      fieldManager: `vigil-${traceId}`,
      status: 200,
      resourceVersion: { before: "41", after: "42" },
      traceAnnotation: traceId,
      sentAt: t(30).toISOString(),
      answeredAt: t(31).toISOString(),
    });
    // The body carries the resourceVersion precondition and the trace annotation the writer adds.
    expect(k8s.detail.body).toEqual([
      { op: "replace", path: "/metadata/resourceVersion", value: "41" },
      ...preview.patch.body,
      { op: "add", path: "/metadata/annotations/vigil.dev~1trace-id", value: traceId },
    ]);
  });

  it("names who approved and when, and carries the dry-run preview on the policy node", () => {
    const nodes = shapeLineage(records());
    const approvalNode = one(nodes, "approval");
    expect(approvalNode.title).toBe("Approved by ana@example.com");
    expect(approvalNode.detail).toMatchObject({
      decision: "approved",
      by: { email: "ana@example.com" },
      at: t(29).toISOString(),
      usedAt: t(30).toISOString(),
    });
    expect(approvalNode.summary).toContain("used to execute at 09:00:30 UTC");
    const policy = one(nodes, "policy");
    expect(policy.summary).toBe("1 check passed · needs 1 approver · dry run accepted · 1 field change");
    expect(policy.detail.preview).toMatchObject({
      summary: preview.summary,
      changes: preview.changes,
      dryRun: { ok: true, error: null },
      resourceVersion: "41",
      generation: 7,
    });
  });

  it("shows a model call beside the rule engine: model, prompt size, latency, attempts and why it fell back", () => {
    const fellBack = run("run1", {
      engine: "rules",
      engineName: "model llama3.1",
      engineOutput: {
        engine: "rules",
        rootCause: "bad_deploy",
        confidence: 0.86,
        citations: ["E1"],
        fallbackReason: "model answer rejected after 3 attempts: cites no evidence",
        modelMs: 61_200,
        watchtower: null,
      },
      events: [
        { kind: "tokens.reset", data: { runId: "run1", reason: "the answer cites no evidence" }, at: t(20) },
        {
          kind: "tool.called",
          data: { runId: "run1", tool: "pod_logs", arguments: { pod: "checkout-api-1" }, evidenceId: "E4", refused: null },
          at: t(15),
        },
      ],
    });
    const nodes = shapeLineage(records({ runs: [fellBack] }));
    expect(nodes.map((n) => n.kind).slice(0, 5)).toEqual(["alert", "evidence", "model_call", "rules", "proposal"]);
    const model = one(nodes, "model_call");
    const rules = one(nodes, "rules");
    expect(model.parents).toEqual(rules.parents);
    expect(model.detail).toMatchObject({
      model: "llama3.1",
      outcome: "fell_back",
      promptTokens: 812,
      latencyMs: 61_200,
      attempts: 3,
      retries: ["the answer cites no evidence"],
      fallbackReason: expect.stringContaining("rejected after 3 attempts"),
    });
    expect(model.detail.toolCalls).toEqual([{ tool: "pod_logs", arguments: { pod: "checkout-api-1" }, evidenceId: "E4", refused: null }]);
    expect(model.summary).toBe(
      "fell back to the rules · 812 prompt tokens · 1 min 1 s · 3 attempts · 1 tool call · model answer rejected after 3 attempts: cites no evidence",
    );
    expect(rules.detail).toMatchObject({ primary: true, rootCause: "bad_deploy", fallbackReason: expect.stringContaining("rejected") });
    // The rules' answer was used: the proposal came from it.
    expect(one(nodes, "proposal").parents).toEqual([rules.id]);
  });

  it("takes proposals from the model when its answer was used", () => {
    const answered = run("run1", {
      engine: "model",
      model: "qwen2.5",
      engineName: "model qwen2.5",
      engineOutput: {
        engine: "model",
        rootCause: "bad_deploy",
        confidence: 0.92,
        citations: ["E1", "E3"],
        fallbackReason: null,
        modelMs: 4_200,
        watchtower: { active: false, reason: null },
      },
    });
    const nodes = shapeLineage(records({ runs: [answered] }));
    const model = one(nodes, "model_call");
    expect(model.detail).toMatchObject({
      outcome: "answered",
      attempts: 1,
      latencyMs: 4_200,
      rootCause: "bad_deploy",
      citations: ["E1", "E3"],
    });
    expect(model.ref).toEqual({ type: "AgentStep", id: "run1-s2" });
    expect(one(nodes, "rules").detail.primary).toBe(false);
    expect(one(nodes, "proposal").parents).toEqual([model.id]);
  });

  it("shows no model call for a run without a model", () => {
    expect(byKind(shapeLineage(records()), "model_call")).toHaveLength(0);
  });

  it("branches per action, and hangs an undo off the verification of the action it undoes", () => {
    const undo = action("act2", {
      agentRunId: null,
      rollbackOfId: "act1",
      createdAt: t(100),
      approvals: [approval("ap2", "ana@example.com", { createdAt: t(101), usedAt: t(102) })],
      verification: null,
      effective: null,
      verifiedAt: null,
      executedAt: t(103),
    });
    const restart = action("act3", {
      rank: 2,
      kind: "restart",
      state: "proposed",
      approvals: [],
      result: null,
      executedAt: null,
      verification: null,
      effective: null,
      verifiedAt: null,
    });
    const nodes = shapeLineage(
      records({ actions: [undo, action("act1", { state: "rolled_back" }), restart], audit: [...audit("act1", 10), ...audit("act2", 20)] }),
    );
    expect(nodes.map((n) => n.id)).toEqual([
      "alert-al1",
      "evidence-run1",
      "rules-run1",
      "proposal-act1",
      "policy-act1",
      "approval-ap1",
      "k8s-act1",
      "verify-act1",
      "rollback-act2",
      "policy-act2",
      "approval-ap2",
      "k8s-act2",
      "verify-act2",
      "proposal-act3",
      "policy-act3",
    ]);
    const rollback = one(nodes, "rollback");
    expect(rollback.parents).toEqual(["verify-act1"]);
    expect(rollback.title).toBe("Undo: Roll back shop/checkout-api");
    expect(
      one(
        nodes.filter((n) => n.id === "proposal-act3"),
        "proposal",
      ).parents,
    ).toEqual(["rules-run1"]);
    // Executed, not yet verified: a pending verification.
    expect(nodes.find((n) => n.id === "verify-act2")).toMatchObject({ title: "Verifying", at: null, detail: { status: "pending" } });
  });

  it("joins two approvers into the one request they allowed", () => {
    const nodes = shapeLineage(
      records({
        actions: [
          action("act1", {
            approvals: [
              approval("ap1", "ana@example.com"),
              approval("ap2", "ben@example.com", { createdAt: new Date(t(29).getTime() + 500) }),
            ],
          }),
        ],
      }),
    );
    const approvals = byKind(nodes, "approval");
    expect(approvals.map((a) => a.detail.by?.email)).toEqual(["ana@example.com", "ben@example.com"]);
    expect(approvals.every((a) => a.parents[0] === "policy-act1")).toBe(true);
    expect(one(nodes, "kubernetes_request").parents).toEqual(["approval-ap1", "approval-ap2"]);
  });

  it("shows an autonomous policy as the approval when no person decided", () => {
    const nodes = shapeLineage(
      records({
        actions: [action("act1", { approvals: [], autonomousPolicy: "autonomous[0] namespace=shop" })],
        audit: [
          ...audit("act1", 10),
          { seq: "50", at: t(29), action: "action.approved", targetId: "act1", data: { autonomousPolicy: "autonomous[0] namespace=shop" } },
        ],
      }),
    );
    const approvalNode = one(nodes, "approval");
    expect(approvalNode).toMatchObject({
      id: "approval-auto-act1",
      title: "Approved by an autonomous policy",
      ref: { type: "AuditEvent", id: "50" },
      detail: { by: null, autonomousPolicy: "autonomous[0] namespace=shop" },
    });
    expect(one(nodes, "kubernetes_request").parents).toEqual([approvalNode.id]);
  });

  it("records a refused write, and one that never left Vigil", () => {
    const failed = action("act1", {
      state: "failed",
      result: null,
      executedAt: null,
      verification: null,
      effective: null,
      verifiedAt: null,
      error: "409 Conflict: the object has been modified",
    });
    const sentAndFailed = shapeLineage(
      records({
        actions: [failed],
        audit: [
          audit("act1", 10)[1]!,
          {
            seq: "13",
            at: t(31),
            action: "action.failed",
            targetId: "act1",
            data: { request, reason: "409 Conflict: the object has been modified", kind: "conflict", status: 409 },
          },
        ],
      }),
    );
    expect(one(sentAndFailed, "kubernetes_request")).toMatchObject({
      summary: "failed (409): 409 Conflict: the object has been modified",
      ref: { type: "AuditEvent", id: "13" },
      detail: { outcome: "failed", status: 409, errorKind: "conflict" },
    });
    expect(byKind(sentAndFailed, "verification")).toHaveLength(0);

    const neverSent = shapeLineage(
      records({
        actions: [failed],
        audit: [
          {
            seq: "13",
            at: t(31),
            action: "action.failed",
            targetId: "act1",
            data: { request, reason: "Deployment shop/checkout-api changed since the preview", kind: "changed" },
          },
        ],
      }),
    );
    expect(one(neverSent, "kubernetes_request").detail).toMatchObject({
      outcome: "not_sent",
      sentAt: null,
      error: expect.stringContaining("changed since the preview"),
    });
  });

  it("stops at the policy for a refused proposal, with the failing reasons", () => {
    const refused = action("act1", {
      state: "refused",
      policyVerdict: {
        ...verdict,
        allowed: false,
        reasons: [{ rule: "namespace", ok: false, message: "namespace shop is not in the allowed namespaces (payments)" }],
      },
      preview: null,
      approvals: [],
      result: null,
      executedAt: null,
      verification: null,
      effective: null,
    });
    const nodes = shapeLineage(records({ actions: [refused], audit: [] }));
    expect(nodes.map((n) => n.kind)).toEqual(["alert", "evidence", "rules", "proposal", "policy"]);
    expect(one(nodes, "policy")).toMatchObject({
      title: "Policy: refused",
      summary: "namespace shop is not in the allowed namespaces (payments)",
    });
  });

  it("links a re-investigation only to the alerts it could have read, and reads unreadable stored JSON as missing", () => {
    const late = alert("al2", t(200), t(200));
    const second = run("run2", { attempt: 2, createdAt: t(100), startedAt: t(100), result: "garbage", steps: [] });
    const nodes = shapeLineage(
      records({
        alerts: [late, alert("al1", t(0))],
        runs: [second, run("run1")],
        actions: [action("act1", { verification: { nonsense: true }, effective: null })],
      }),
    );
    expect(nodes.map((n) => n.id).slice(0, 4)).toEqual(["alert-al1", "alert-al2", "evidence-run1", "rules-run1"]);
    expect(nodes.find((n) => n.id === "evidence-run2")).toMatchObject({ parents: ["alert-al1"], ref: { type: "AgentRun", id: "run2" } });
    expect(one(nodes, "verification").detail).toMatchObject({ status: "pending", checkedAt: null, rollout: { ok: null } });
  });
});
