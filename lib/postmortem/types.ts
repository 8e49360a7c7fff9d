// The facts a post-mortem is written from, gathered from Vigil's records and audit trail
// (lib/postmortem/load.ts → facts.ts). JSON-safe (times as ISO strings) so the same value
// feeds the template, the model's prompt and the tests. Free text in it is already redacted.

export type PostmortemEngine = "template" | "model";

export type AlertFact = {
  alertname: string;
  severity: string;
  status: string;
  startsAt: string;
  endsAt: string | null;
  /** How many Alertmanager deliveries carried it. */
  deliveries: number;
  summary: string | null;
};

export type TimelineFact = {
  at: string;
  action: string;
  /** Who did it: "alertmanager", "agent", "system", a user's email, "policy <name>". */
  actor: string;
  text: string;
  /** Consecutive identical events shown once: how many there were, and when the last was. */
  repeats: number;
  lastAt: string;
};

export type EvidenceFact = { ref: string; source: string; title: string; lines: string[]; omittedLines: number };

export type RootCauseFact = {
  cause: string;
  label: string;
  confidence: number;
  summary: string;
  reasoning: string;
  engine: string;
  model: string | null;
  /** Why the model's analysis was set aside, when it was. */
  fallbackReason: string | null;
  evidence: EvidenceFact[];
  /** Cited ids with no stored evidence item. */
  missing: string[];
};

export type ApprovalFact = { decision: "approved" | "rejected"; by: string; at: string; comment: string | null };

export type DecisionFact = {
  actionId: string;
  title: string;
  /** The title of the action this one undoes. */
  undoOf: string | null;
  risk: string;
  proposedAt: string;
  policy: { allowed: boolean | null; refused: string[]; requiredApprovals: number | null };
  approvals: ApprovalFact[];
  autonomousPolicy: string | null;
  state: string;
};

export type ChangeFact = { path: string; before: string | null; after: string | null };

export type ExecutionFact = {
  actionId: string;
  title: string;
  undoOf: string | null;
  state: string;
  executedAt: string | null;
  /** Who let it run: approvers' emails, or the autonomous policy. */
  authorizedBy: string[];
  request: string;
  patchType: string | null;
  change: string | null;
  changes: ChangeFact[];
  result: {
    status: number | null;
    resourceVersionBefore: string | null;
    resourceVersionAfter: string | null;
    generation: number | null;
    revision: string | null;
    traceAnnotation: string | null;
  } | null;
  error: string | null;
};

export type CheckFact = { name: string; ok: boolean | null; detail: string };

export type VerificationFact = {
  actionId: string;
  title: string;
  effective: boolean | null;
  verifiedAt: string | null;
  checks: CheckFact[];
};

export type FollowUpFact = { text: string; why: string };

export type PostmortemFacts = {
  incident: {
    id: string;
    number: number;
    title: string;
    state: string;
    severity: string;
    namespace: string | null;
    workload: string | null;
    workloadKind: string | null;
    traceId: string;
    openedAt: string;
    acknowledgedAt: string | null;
    mitigatedAt: string | null;
    resolvedAt: string | null;
    closedAt: string | null;
  };
  impact: {
    /** Durations of an incident still open are measured to this moment. */
    asOf: string;
    ongoing: boolean;
    durationMs: number;
    /** Open → a person acknowledged it. */
    mttaMs: number | null;
    /** Open → Vigil's first RCA: the agent's speed, not a person's. */
    firstRcaMs?: number | null;
    mitigateMs: number | null;
    mttrMs: number | null;
    alerts: AlertFact[];
    firing: number;
    truncatedAlerts: number;
  };
  timeline: TimelineFact[];
  rootCause: RootCauseFact | null;
  decisions: DecisionFact[];
  executed: ExecutionFact[];
  verification: VerificationFact[];
  escalation: { reason: string; at: string } | null;
  followUps: FollowUpFact[];
};

/** The model's part: narrative for Summary and Impact, and follow-ups beyond the facts'. */
export type Narrative = { summary: string; impact: string; followUps: string[] };

/** How a post-mortem was drafted: the engine, the model's name, and why the template stood in. */
export type DraftMeta = { engine: PostmortemEngine; model: string | null; fallbackReason: string | null; generatedAt: string };
