// One proposed action's chain: the proposal (or, for an undo, the rollback), the policy's
// verdict with the dry-run preview, each approval — or the autonomous policy that stood in
// for one — the Kubernetes request they allowed, and its verification; an undo of the
// action follows, hanging off its last step. Pure.
import type { ApprovalDetail } from "@/lib/lineage/types";
import { parsePreview, parseVerdict } from "@/lib/lineage/stored";
import { clock, iso, joinFacts, nodeIds, plural, type ActionRecord, type AuditRecord, type Emit } from "@/lib/lineage/records";
import { kubernetesRequest, verificationOf } from "@/lib/lineage/shape-cluster";
import { actionTitle, actionStateLabel, riskLabel } from "@/lib/rca/labels";

export type ChainContext = {
  traceId: string;
  emit: Emit;
  /** Every action of the incident, in rank order. */
  actions: ActionRecord[];
  audit: AuditRecord[];
  /** Actions already in the lineage. */
  placed: Set<string>;
  /** The last node of each placed action's chain, where an undo of it hangs. */
  chainEnd: Map<string, string>;
};

export function actionChain(ctx: ChainContext, a: ActionRecord, head: string[]): void {
  const { actions, placed, chainEnd, emit, traceId } = ctx;
  const auditOf = (actionId: string, action: string) => ctx.audit.filter((e) => e.targetId === actionId && e.action === action);
  placed.add(a.id);
  const undoOf = a.rollbackOfId ? actions.find((o) => o.id === a.rollbackOfId) : undefined;
  const proposal = {
    actionId: a.id,
    runId: a.agentRunId,
    rank: a.rank,
    kind: a.kind,
    target: { kind: a.targetKind, namespace: a.namespace, name: a.name },
    replicas: a.replicas,
    risk: a.risk,
    rationale: a.rationale,
    confidence: a.confidence,
    state: a.state,
    rollbackOf: a.rollbackOfId,
  };
  const title = actionTitle({ kind: a.kind, namespace: a.namespace, name: a.name, replicas: a.replicas });
  const summary = joinFacts(
    a.kind === "none" ? "a recommendation" : riskLabel[a.risk],
    actionStateLabel[a.state],
    a.confidence !== null && !a.rollbackOfId && `confidence ${a.confidence.toFixed(2)}`,
  );
  const start = a.rollbackOfId
    ? emit<"rollback">({
        id: nodeIds.rollback(a.id),
        kind: "rollback",
        at: iso(a.createdAt),
        title: `Undo: ${undoOf ? actionTitle({ kind: undoOf.kind, namespace: undoOf.namespace, name: undoOf.name, replicas: undoOf.replicas }) : title}`,
        summary: joinFacts(`restore ${a.namespace}/${a.name} as it was before`, actionStateLabel[a.state]),
        ref: { type: "ProposedAction", id: a.id },
        detail: proposal,
        parents: head,
      })
    : emit<"proposal">({
        id: nodeIds.proposal(a.id),
        kind: "proposal",
        at: iso(a.createdAt),
        title,
        summary,
        ref: { type: "ProposedAction", id: a.id },
        detail: proposal,
        parents: head,
      });
  let last = start.id;

  const verdict = parseVerdict(a.policyVerdict);
  const preview = parsePreview(a.preview);
  if (verdict || preview) {
    const guarded = auditOf(a.id, "action.guarded").at(-1);
    const failing = verdict?.reasons.filter((r) => !r.ok) ?? [];
    const policy = emit<"policy">({
      id: nodeIds.policy(a.id),
      kind: "policy",
      at: iso(guarded?.at ?? a.previewedAt ?? a.createdAt),
      title: !verdict
        ? "Policy: not yet assessed"
        : verdict.allowed
          ? "Policy: allowed"
          : a.kind === "none"
            ? "Policy: nothing to execute"
            : "Policy: refused",
      summary: verdict?.allowed
        ? joinFacts(
            `${plural(verdict.reasons.length, "check")} passed`,
            `needs ${plural(verdict.requiredApprovals, "approver")}`,
            preview && (preview.dryRun.ok ? "dry run accepted" : `dry run failed: ${preview.dryRun.error ?? "unknown error"}`),
            preview && preview.changes.length > 0 && `${plural(preview.changes.length, "field")} change`,
          )
        : failing.map((r) => r.message).join("; ") || "not allowed",
      ref: { type: "ProposedAction", id: a.id },
      detail: {
        actionId: a.id,
        allowed: verdict?.allowed ?? null,
        reasons: verdict?.reasons ?? [],
        requiredApprovals: verdict?.requiredApprovals ?? 1,
        highRisk: verdict?.highRisk ?? false,
        autonomous: verdict?.autonomous ?? null,
        preview: preview
          ? {
              summary: preview.summary,
              changes: preview.changes,
              dryRun: { ok: preview.dryRun.ok, error: preview.dryRun.error ?? null },
              resourceVersion: a.resourceVersion,
              generation: preview.generation,
              previewHash: a.previewHash,
              at: preview.at,
            }
          : null,
      },
      parents: [start.id],
    });
    last = policy.id;
  }

  const approvalParents = [last];
  const approvals = [...a.approvals].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
  const approvalIds = approvals.map((ap) => {
    const who = ap.user.name ? `${ap.user.name} <${ap.user.email}>` : ap.user.email;
    const node = emit<"approval">({
      id: nodeIds.approval(ap.id),
      kind: "approval",
      at: ap.createdAt.toISOString(),
      title: `${ap.decision === "approved" ? "Approved" : "Rejected"} by ${ap.user.email}`,
      summary: joinFacts(
        `${who} at ${clock(ap.createdAt)}`,
        ap.decision === "approved" && (ap.usedAt ? `used to execute at ${clock(ap.usedAt)}` : `valid until ${clock(ap.expiresAt)}`),
        ap.comment && `“${ap.comment.slice(0, 120)}”`,
      ),
      ref: { type: "Approval", id: ap.id },
      detail: {
        actionId: a.id,
        decision: ap.decision,
        by: { email: ap.user.email, name: ap.user.name },
        autonomousPolicy: null,
        at: ap.createdAt.toISOString(),
        expiresAt: ap.decision === "approved" ? ap.expiresAt.toISOString() : null,
        usedAt: iso(ap.usedAt),
        comment: ap.comment,
        previewHash: ap.previewHash,
        resourceVersion: ap.resourceVersion,
      } satisfies ApprovalDetail,
      parents: approvalParents,
    });
    return { id: node.id, record: ap };
  });
  const used = approvalIds.filter((x) => x.record.decision === "approved" && x.record.usedAt);
  const approved = approvalIds.filter((x) => x.record.decision === "approved");
  let writeParents = (used.length ? used : approved).map((x) => x.id);
  if (a.autonomousPolicy && approved.length === 0) {
    // No person decided: the policy that stood in for one is the approval.
    const event = auditOf(a.id, "action.approved").at(-1);
    const node = emit<"approval">({
      id: nodeIds.autonomous(a.id),
      kind: "approval",
      at: iso(event?.at ?? a.executedAt),
      title: "Approved by an autonomous policy",
      summary: a.autonomousPolicy,
      ref: event ? { type: "AuditEvent", id: event.seq } : { type: "ProposedAction", id: a.id },
      detail: {
        actionId: a.id,
        decision: "approved",
        by: null,
        autonomousPolicy: a.autonomousPolicy,
        at: (event?.at ?? a.executedAt ?? a.createdAt).toISOString(),
        expiresAt: null,
        usedAt: iso(a.executedAt),
        comment: null,
        previewHash: a.previewHash,
        resourceVersion: a.resourceVersion,
      },
      parents: approvalParents,
    });
    writeParents = [node.id];
  }
  if (writeParents.length === 0) writeParents = [last];

  const request = kubernetesRequest(
    a,
    traceId,
    auditOf(a.id, "action.executing").at(-1),
    auditOf(a.id, "action.executed").at(-1),
    auditOf(a.id, "action.failed").at(-1),
  );
  if (request) {
    const { detail, event } = request;
    const target = `${a.namespace}/${a.name}`;
    const k8s = emit<"kubernetes_request">({
      id: nodeIds.kubernetes(a.id),
      kind: "kubernetes_request",
      at: detail.sentAt ?? detail.answeredAt,
      title: `Kubernetes ${detail.method} deployment ${target}`,
      summary:
        detail.outcome === "applied"
          ? joinFacts(
              `${detail.status ?? "?"} ${detail.status === 200 ? "OK" : ""}`.trim(),
              `resourceVersion ${detail.resourceVersion.before ?? "?"} → ${detail.resourceVersion.after ?? "?"}`,
              detail.generation !== null && `generation ${detail.generation}`,
              detail.traceAnnotation ? "annotated with the trace id" : "no trace annotation",
            )
          : detail.outcome === "in_flight"
            ? "sent; no answer recorded yet"
            : `${detail.outcome === "not_sent" ? "not sent" : `failed${detail.status ? ` (${detail.status})` : ""}`}: ${detail.error ?? "unknown error"}`,
      ref: event ? { type: "AuditEvent", id: event.seq } : { type: "ProposedAction", id: a.id },
      detail,
      parents: writeParents,
    });
    last = k8s.id;

    const verification = verificationOf(a);
    if (verification) {
      const v = emit<"verification">({
        id: nodeIds.verification(a.id),
        kind: "verification",
        at: verification.verifiedAt ?? verification.checkedAt,
        title: { verified: "Verified", ineffective: "Not effective", pending: "Verifying" }[verification.status],
        summary: verification.checkedAt
          ? joinFacts(`rollout: ${verification.rollout.detail}`, `alerts: ${verification.alerts.detail}`)
          : "waiting for the first check",
        ref: { type: "ProposedAction", id: a.id },
        detail: verification,
        parents: [k8s.id],
      });
      last = v.id;
    }
  }
  chainEnd.set(a.id, last);
  // Undos follow the action they undo, so the chain reads on.
  for (const undo of actions.filter((u) => u.rollbackOfId === a.id && !placed.has(u.id))) actionChain(ctx, undo, [last]);
}
