// An incident's trace lineage: the chain from its alerts to the Kubernetes writes made for
// it and their verification, as nodes that each name the record they stand for and the
// nodes they came from. Declared once for the server that builds it and the console that
// draws it; safe in the browser.

export const lineageKinds = [
  "alert",
  "evidence",
  "model_call",
  "rules",
  "proposal",
  "policy",
  "approval",
  "kubernetes_request",
  "verification",
  "rollback",
  "command",
] as const;

export type LineageKind = (typeof lineageKinds)[number];

/** The stored row a node stands for. */
export type LineageRef = {
  type: "Alert" | "AgentRun" | "AgentStep" | "ProposedAction" | "Approval" | "AuditEvent";
  id: string;
};

type Target = { kind: string; namespace: string; name: string };

export type AlertDetail = {
  alertname: string;
  status: string;
  severity: string;
  fingerprint: string;
  startsAt: string;
  endsAt: string | null;
  resolvedAt: string | null;
  receiveCount: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string | null;
  /** The alert exactly as Alertmanager first sent it. */
  raw: unknown;
};

export type EvidenceItemDetail = {
  id: string;
  ref: string | null;
  source: string;
  title: string;
  tokens: number;
  inContext: boolean;
  redactions: number;
  cited: boolean;
  content: string;
};

export type EvidenceDetail = {
  runId: string;
  attempt: number;
  runStatus: string;
  /** The workload the collection resolved, as the collect step recorded it. */
  subject: Target | null;
  durationMs: number | null;
  items: EvidenceItemDetail[];
  inContext: number;
  /** Tokens of the evidence that went into the prompt. */
  contextTokens: number;
  redactions: number;
  error: string | null;
};

export type ToolCallDetail = { tool: string; arguments: Record<string, unknown>; evidenceId: string | null; refused: string | null };

export type ModelCallDetail = {
  runId: string;
  model: string;
  /** answered: its RCA is the one shown; fell_back: it failed or was rejected; skipped: never asked (breaker open). */
  outcome: "answered" | "fell_back" | "skipped" | "running" | "failed";
  promptTokens: number | null;
  completionTokens: number | null;
  /** Wall time spent on the model, failed attempts included. */
  latencyMs: number | null;
  /** Requests made: the first plus each retry the stream recorded. */
  attempts: number;
  retries: string[];
  fallbackReason: string | null;
  toolCalls: ToolCallDetail[];
  rootCause: string | null;
  confidence: number | null;
  citations: string[];
  watchtower: { active: boolean; reason: string | null } | null;
  stepDurationMs: number | null;
  error: string | null;
};

export type RulesDetail = {
  runId: string;
  /** Whether its RCA is the one the incident stands on (no model, or the model fell back). */
  primary: boolean;
  rootCause: string | null;
  confidence: number | null;
  citations: string[];
  fallbackReason: string | null;
  durationMs: number | null;
  error: string | null;
};

export type ProposalDetail = {
  actionId: string;
  runId: string | null;
  rank: number;
  kind: string;
  target: Target;
  replicas: number | null;
  risk: string;
  rationale: string;
  confidence: number | null;
  state: string;
  /** For an undo: the action it rolls back. */
  rollbackOf: string | null;
};

export type PolicyReasonDetail = { rule: string; ok: boolean; message: string };

export type PreviewDetail = {
  summary: string;
  changes: { path: string; before: string | null; after: string | null }[];
  dryRun: { ok: boolean; error: string | null };
  resourceVersion: string | null;
  generation: number | null;
  previewHash: string | null;
  at: string | null;
};

export type PolicyDetail = {
  actionId: string;
  allowed: boolean | null;
  reasons: PolicyReasonDetail[];
  requiredApprovals: number;
  highRisk: boolean;
  autonomous: { allowed: boolean; policy: string | null; reason: string } | null;
  preview: PreviewDetail | null;
};

export type ApprovalDetail = {
  actionId: string;
  decision: "approved" | "rejected";
  /** Null for an autonomous policy's approval: no person decided. */
  by: { email: string; name: string | null } | null;
  autonomousPolicy: string | null;
  at: string;
  expiresAt: string | null;
  usedAt: string | null;
  comment: string | null;
  previewHash: string | null;
  resourceVersion: string | null;
};

export type KubernetesRequestDetail = {
  actionId: string;
  /** applied: the API server accepted it; failed: it answered an error; not_sent: refused before the request; in_flight: no outcome yet. */
  outcome: "applied" | "failed" | "not_sent" | "in_flight";
  method: string;
  path: string;
  request: string;
  contentType: string | null;
  fieldManager: string;
  /** The patch as sent: the previewed change with the trace annotation and the resourceVersion precondition. */
  body: unknown;
  status: number | null;
  resourceVersion: { before: string | null; after: string | null };
  generation: number | null;
  revisionAtWrite: string | null;
  traceAnnotation: string | null;
  autonomousPolicy: string | null;
  error: string | null;
  errorKind: string | null;
  sentAt: string | null;
  answeredAt: string | null;
};

export type CheckDetail = { ok: boolean | null; detail: string };

export type VerificationDetail = {
  actionId: string;
  status: "pending" | "verified" | "ineffective";
  rollout: CheckDetail & { revision: string | null };
  alerts: CheckDetail;
  promql: CheckDetail;
  checkedAt: string | null;
  verifiedAt: string | null;
};

/** What a person did to the incident itself (lib/incidents/human.ts): acknowledged, assigned, resolved, reopened, noted... */
export type CommandDetail = {
  action: string;
  /** Who: their email, or null if the user is gone. */
  by: string | null;
  reason: string | null;
  data: Record<string, unknown>;
};

export type LineageDetails = {
  alert: AlertDetail;
  evidence: EvidenceDetail;
  model_call: ModelCallDetail;
  rules: RulesDetail;
  proposal: ProposalDetail;
  policy: PolicyDetail;
  approval: ApprovalDetail;
  kubernetes_request: KubernetesRequestDetail;
  verification: VerificationDetail;
  rollback: ProposalDetail;
  command: CommandDetail;
};

export type LineageNodeOf<K extends LineageKind> = {
  /** Stable and safe in a URL fragment: `#<id>` opens this node. */
  id: string;
  kind: K;
  /** ISO time it happened; null when it has not yet. */
  at: string | null;
  title: string;
  summary: string;
  traceId: string;
  ref: LineageRef;
  detail: LineageDetails[K];
  /** The ids of the nodes it came from. */
  parents: string[];
};

export type LineageNode = { [K in LineageKind]: LineageNodeOf<K> }[LineageKind];

export type Lineage = {
  incident: { id: string; number: number; title: string; state: string; severity: string; traceId: string; openedAt: string };
  nodes: LineageNode[];
};
