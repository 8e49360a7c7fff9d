// An incident's records as load.ts reads them, for the unit tests: a bad deploy of
// shop/checkout-api, rolled back after one approval and verified — with the awkward parts
// real data has (a secret in a log line, Markdown and HTML in text, repeated deliveries).
import type { ActionRecord, PostmortemRecords } from "@/lib/postmortem/facts";
import type { AuditRecord } from "@/lib/postmortem/timeline";

const t = (hms: string) => new Date(`2026-11-22T${hms}.000Z`);

const rca = {
  rootCause: "bad_deploy",
  confidence: 0.91,
  summary: "Revision 7 (image 2.14.0) throws TypeError on every checkout since its rollout at 09:58.",
  reasoning: "Errors start with revision 7; the previous revision ran clean for days.",
  citations: ["E1", "E3", "E9"],
  actions: [
    {
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout-api" },
      risk: "medium",
      rationale: "Roll back to revision 6.",
    },
  ],
};

const rollback: ActionRecord = {
  id: "act-rollback",
  kind: "rollback",
  namespace: "shop",
  name: "checkout-api",
  replicas: null,
  risk: "medium",
  state: "executed",
  rollbackOfId: null,
  policyAllowed: true,
  policyVerdict: { allowed: true, reasons: [{ rule: "namespace", ok: true, message: "namespace shop is allowed" }], requiredApprovals: 1 },
  preview: {
    summary: "rollout undo shop/checkout-api to revision 6 (ReplicaSet checkout-api-6d9f)",
    patch: { type: "json", body: [] },
    changes: [
      { path: "containers[checkout-api].image", before: "ghcr.io/acme/checkout-api:2.14.0", after: "ghcr.io/acme/checkout-api:2.13.2" },
      { path: "containers[checkout-api].env[DB_PASSWORD].value", before: "hunter2", after: "hunter3" },
    ],
  },
  result: {
    request: "PATCH /apis/apps/v1/namespaces/shop/deployments/checkout-api",
    status: 200,
    resourceVersion: { before: "812", after: "845" },
    generation: 8,
    revisionAtWrite: "8",
    traceAnnotation: "4bf92f3577b34da6a3ce929d0e0e4736",
  },
  error: null,
  executedAt: t("10:05:03"),
  verification: {
    rollout: { ready: true, detail: "3 of 3 replicas updated and available", revision: "8" },
    alerts: { cleared: true, detail: "all 1 alerts resolved" },
    promql: { cleared: null, detail: "not needed: the alerts resolved" },
    checkedAt: "2026-11-22T10:09:31.000Z",
  },
  effective: true,
  verifiedAt: t("10:09:31"),
  autonomousPolicy: null,
  createdAt: t("10:00:40"),
  approvals: [
    {
      decision: "approved",
      createdAt: t("10:05:01"),
      comment: "matches the deploy at 09:58",
      usedAt: t("10:05:02"),
      user: { email: "alice@acme.test" },
    },
  ],
};

const refused: ActionRecord = {
  ...rollback,
  id: "act-restart",
  kind: "restart",
  state: "refused",
  policyAllowed: false,
  policyVerdict: {
    allowed: false,
    reasons: [{ rule: "action", ok: false, message: "restart is not an allowed action" }],
    requiredApprovals: 1,
  },
  preview: null,
  result: null,
  executedAt: null,
  verification: null,
  effective: null,
  verifiedAt: null,
  approvals: [],
  createdAt: t("10:00:41"),
};

const advice: ActionRecord = { ...refused, id: "act-none", kind: "none", state: "proposed", policyAllowed: true, policyVerdict: null };

const event = (
  hms: string,
  action: string,
  actorType: string,
  data: Record<string, unknown> = {},
  extra: Partial<AuditRecord> = {},
): AuditRecord => ({ at: t(hms), action, actorType, actorId: null, targetId: null, data, ...extra });

export function badDeployRecords(): PostmortemRecords {
  return {
    incident: {
      id: "inc-1",
      number: 42,
      title: "Checkout error rate above 5% on checkout-api",
      state: "resolved",
      severity: "critical",
      namespace: "shop",
      workload: "checkout-api",
      workloadKind: "Deployment",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      openedAt: t("10:00:00"),
      acknowledgedAt: t("10:00:02"),
      mitigatedAt: t("10:05:03"),
      resolvedAt: t("10:09:30"),
      closedAt: null,
      escalated: false,
      truncatedAlerts: 0,
    },
    alerts: [
      {
        id: "al-1",
        alertname: "CheckoutErrorRate",
        severity: "critical",
        status: "resolved",
        startsAt: t("10:00:00"),
        endsAt: t("10:09:30"),
        receiveCount: 3,
        annotations: { summary: "5xx above 5% <script>alert(1)</script> [click](javascript:alert(1))" },
      },
    ],
    firstRcaAt: t("10:00:01"),
    run: { id: "run-1", engine: "rules", model: null, error: "model timed out: the model gave no complete answer within 2 s", result: rca },
    evidence: [
      {
        ref: "E1",
        source: "alert",
        title: "Alert CheckoutErrorRate (critical)",
        content: "summary: 5xx above 5%\nstartsAt: 2026-11-22T10:00:00Z",
      },
      {
        ref: "E3",
        source: "logs",
        title: "Logs of checkout-api-7c9 (current)",
        content:
          "TypeError: cannot read properties of undefined (reading 'total')\n# not a heading\n``` not a fence\nconnecting with password=hunter2",
      },
      { ref: "E4", source: "events", title: "Events of checkout-api", content: "uncited" },
    ],
    actions: [rollback, refused, advice],
    events: [
      event("10:00:00", "webhook.received", "alertmanager", { status: "firing", received: 1 }),
      event("10:00:00", "incident.opened", "alertmanager", { severity: "critical" }),
      event("10:00:00", "alert.received", "alertmanager", { alertname: "CheckoutErrorRate", status: "firing" }, { targetId: "al-1" }),
      event("10:00:30", "webhook.received", "alertmanager", { status: "firing", received: 1 }),
      event("10:01:00", "webhook.received", "alertmanager", { status: "firing", received: 1 }),
      event("10:01:30", "webhook.received", "alertmanager", { status: "firing", received: 1 }),
      event("10:00:02", "investigation.started", "agent", { attempt: 1 }),
      event("10:00:40", "rca.completed", "agent", { engine: "rules", rootCause: "bad_deploy", confidence: 0.91, citations: ["E1", "E3"] }),
      event("10:00:40", "action.proposed", "agent", { kind: "rollback" }, { targetId: "act-rollback" }),
      event(
        "10:00:41",
        "action.guarded",
        "system",
        { allowed: false, refused: ["restart is not an allowed action"] },
        { targetId: "act-restart" },
      ),
      event("10:05:01", "action.approved", "user", { approvals: 1, required: 1 }, { targetId: "act-rollback", actorId: "user-alice" }),
      event("10:05:03", "action.executed", "system", {}, { targetId: "act-rollback" }),
      event("10:08:00", "postmortem.saved", "user", {}, { actorId: "user-alice" }),
      event("10:09:30", "alert.resolved", "alertmanager", {}, { targetId: "al-1" }),
      event("10:09:30", "incident.resolved", "alertmanager", { reason: "all alerts resolved" }),
      event("10:09:31", "action.verified", "system", {}, { targetId: "act-rollback" }),
    ],
    users: new Map([["user-alice", "alice@acme.test"]]),
  };
}
