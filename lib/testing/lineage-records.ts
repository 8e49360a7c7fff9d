// Stored records of one incident for the lineage's unit tests: a bad deploy investigated by
// the rules, its rollback approved by one person, applied and verified. Each test changes
// only what it is about.
import type { ActionRecord, ApprovalRecord, LineageRecords, RunRecord } from "@/lib/lineage/shape";

export const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
export const t = (s: number) => new Date(Date.UTC(2025, 0, 10, 9, 0, s));

export const alert = (id: string, startsAt: Date, receivedAt = startsAt) => ({
  id,
  fingerprint: `fp-${id}`,
  alertname: "KubePodCrashLooping",
  status: "firing",
  severity: "critical",
  startsAt,
  endsAt: null,
  resolvedAt: null,
  firstReceivedAt: receivedAt,
  receiveCount: 2,
  labels: { namespace: "shop", deployment: "checkout-api", severity: "critical" },
  annotations: { summary: "checkout-api is crash looping" },
  generatorURL: null,
  raw: { labels: { alertname: "KubePodCrashLooping" } },
});

export function run(id: string, over: Partial<RunRecord> & { engineName?: string; engineOutput?: unknown } = {}): RunRecord {
  const { engineName = "rules", engineOutput, ...rest } = over;
  return {
    id,
    engine: "rules",
    model: null,
    status: "succeeded",
    attempt: 1,
    result: { citations: ["E1", "E3"] },
    promptTokens: 812,
    completionTokens: null,
    latencyMs: 140,
    error: null,
    createdAt: t(10),
    startedAt: t(10),
    steps: [
      {
        id: `${id}-s1`,
        index: 1,
        kind: "collect",
        name: "evidence",
        output: { items: 3, subject: { kind: "Deployment", namespace: "shop", name: "checkout-api" } },
        error: null,
        startedAt: t(10),
        finishedAt: t(11),
        durationMs: 900,
      },
      {
        id: `${id}-s2`,
        index: 2,
        kind: "engine",
        name: engineName,
        output: engineOutput ?? {
          engine: "rules",
          rootCause: "bad_deploy",
          confidence: 0.86,
          citations: ["E1", "E3"],
          fallbackReason: "no model configured",
          modelMs: 0,
          watchtower: { active: false, reason: null },
        },
        error: null,
        startedAt: t(11),
        finishedAt: t(12),
        durationMs: 40,
      },
    ],
    evidence: [
      {
        id: "ev3",
        ref: "E3",
        source: "rollout",
        title: "Rollout history",
        content: "rev 7 → 2.14.0",
        tokens: 120,
        inContext: true,
        redactions: 0,
      },
      { id: "ev1", ref: "E1", source: "alert", title: "Alert", content: "KubePodCrashLooping", tokens: 60, inContext: true, redactions: 0 },
      {
        id: "ev2",
        ref: "E2",
        source: "logs",
        title: "Logs",
        content: "TypeError [REDACTED]",
        tokens: 300,
        inContext: false,
        redactions: 2,
      },
    ],
    events: [],
    ...rest,
  };
}

export const approval = (id: string, email: string, over: Partial<ApprovalRecord> = {}): ApprovalRecord => ({
  id,
  decision: "approved",
  comment: null,
  previewHash: "a".repeat(64),
  resourceVersion: "41",
  expiresAt: t(900),
  usedAt: t(30),
  createdAt: t(29),
  user: { email, name: null },
  ...over,
});

export const verdict = {
  allowed: true,
  reasons: [{ rule: "namespace", ok: true, message: "namespace shop is allowed" }],
  highRisk: false,
  requiredApprovals: 1,
  autonomous: { allowed: false, policy: null, reason: "autonomous mode is off" },
};
export const preview = {
  summary: "rollout undo shop/checkout-api to revision 6 (ReplicaSet checkout-api-6)",
  patch: {
    type: "json",
    body: [
      { op: "replace", path: "/spec/template", value: { spec: { containers: [{ name: "checkout-api", image: "checkout-api:2.13.2" }] } } },
    ],
  },
  changes: [{ path: "containers[checkout-api].image", before: "checkout-api:2.14.0", after: "checkout-api:2.13.2" }],
  dryRun: { ok: true },
  generation: 7,
  at: t(20).toISOString(),
};
export const request = "PATCH /apis/apps/v1/namespaces/shop/deployments/checkout-api";

export function action(id: string, over: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id,
    agentRunId: "run1",
    rank: 1,
    kind: "rollback",
    targetKind: "Deployment",
    namespace: "shop",
    name: "checkout-api",
    replicas: null,
    risk: "medium",
    rationale: "2.14.0 crashes on start",
    confidence: 0.86,
    state: "executed",
    policyVerdict: verdict,
    preview,
    previewHash: "a".repeat(64),
    resourceVersion: "41",
    previewedAt: t(20),
    result: {
      request,
      status: 200,
      resourceVersion: { before: "41", after: "42" },
      generation: 8,
      revisionAtWrite: "8",
      traceAnnotation: traceId,
    },
    error: null,
    executedAt: t(31),
    verification: {
      rollout: { ready: true, detail: "3 of 3 replicas updated and available", revision: "8" },
      alerts: { cleared: true, detail: "all 1 alerts resolved" },
      promql: { cleared: null, detail: "not needed: the alerts resolved" },
      checkedAt: t(90).toISOString(),
    },
    effective: true,
    verifiedAt: t(90),
    rollbackOfId: null,
    autonomousPolicy: null,
    createdAt: t(12),
    approvals: [approval("ap1", "ana@example.com")],
    ...over,
  };
}

export const audit = (actionId: string, seq: number) => [
  { seq: String(seq), at: t(15), action: "action.guarded", targetId: actionId, data: {} },
  {
    seq: String(seq + 1),
    at: t(30),
    action: "action.executing",
    targetId: actionId,
    data: { request, patchType: "json", resourceVersion: "41", generation: 7 },
  },
  { seq: String(seq + 2), at: t(31), action: "action.executed", targetId: actionId, data: {} },
];

export function records(over: Partial<LineageRecords> = {}): LineageRecords {
  return { traceId, alerts: [alert("al1", t(0))], runs: [run("run1")], actions: [action("act1")], audit: audit("act1", 10), ...over };
}
