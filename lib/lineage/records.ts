// The stored rows a lineage is shaped from, as plain records (build.ts reads them; tests
// write them by hand), the ids its nodes get, and the few words its summaries share.
// Pure; safe in the browser.
import type { ActionKind, ActionState, Risk } from "@/lib/generated/prisma/enums";
import type { LineageKind, LineageNodeOf } from "@/lib/lineage/types";

export type AlertRecord = {
  id: string;
  fingerprint: string;
  alertname: string;
  status: string;
  severity: string;
  startsAt: Date;
  endsAt: Date | null;
  resolvedAt: Date | null;
  firstReceivedAt: Date;
  receiveCount: number;
  labels: unknown;
  annotations: unknown;
  generatorURL: string | null;
  raw: unknown;
};

export type StepRecord = {
  id: string;
  index: number;
  kind: string;
  name: string;
  output: unknown;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
};
export type EvidenceRecord = {
  id: string;
  ref: string | null;
  source: string;
  title: string;
  content: string;
  tokens: number;
  inContext: boolean;
  redactions: number;
};
export type StreamRecord = { kind: string; data: unknown; at: Date };

export type RunRecord = {
  id: string;
  engine: string;
  model: string | null;
  status: string;
  attempt: number;
  result: unknown;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  steps: StepRecord[];
  evidence: EvidenceRecord[];
  /** The run's retries (tokens.reset) and tool calls (tool.called) from the live stream. */
  events: StreamRecord[];
};

export type ApprovalRecord = {
  id: string;
  decision: "approved" | "rejected";
  comment: string | null;
  previewHash: string | null;
  resourceVersion: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
  user: { email: string; name: string | null };
};

export type ActionRecord = {
  id: string;
  agentRunId: string | null;
  rank: number;
  kind: ActionKind;
  targetKind: string;
  namespace: string;
  name: string;
  replicas: number | null;
  risk: Risk;
  rationale: string;
  confidence: number | null;
  state: ActionState;
  policyVerdict: unknown;
  preview: unknown;
  previewHash: string | null;
  resourceVersion: string | null;
  previewedAt: Date | null;
  result: unknown;
  error: string | null;
  executedAt: Date | null;
  verification: unknown;
  effective: boolean | null;
  verifiedAt: Date | null;
  rollbackOfId: string | null;
  autonomousPolicy: string | null;
  createdAt: Date;
  approvals: ApprovalRecord[];
};

/** The incident's audit events about its actions (action.*), in order. */
export type AuditRecord = { seq: string; at: Date; action: string; targetId: string | null; data: unknown };

/** A person's command on the incident, as audited, with its line already written. */
export type CommandRecord = { seq: string; at: Date; action: string; by: string | null; text: string; data: unknown };

export type LineageRecords = {
  traceId: string;
  alerts: AlertRecord[];
  runs: RunRecord[];
  actions: ActionRecord[];
  audit: AuditRecord[];
  commands?: CommandRecord[];
};

export const nodeIds = {
  alert: (alertId: string) => `alert-${alertId}`,
  evidence: (runId: string) => `evidence-${runId}`,
  model: (runId: string) => `model-${runId}`,
  rules: (runId: string) => `rules-${runId}`,
  proposal: (actionId: string) => `proposal-${actionId}`,
  rollback: (actionId: string) => `rollback-${actionId}`,
  policy: (actionId: string) => `policy-${actionId}`,
  approval: (approvalId: string) => `approval-${approvalId}`,
  autonomous: (actionId: string) => `approval-auto-${actionId}`,
  kubernetes: (actionId: string) => `k8s-${actionId}`,
  verification: (actionId: string) => `verify-${actionId}`,
  command: (seq: string) => `command-${seq}`,
};

/** Adds a node to the lineage (with its trace id) and returns it. */
export type Emit = <K extends LineageKind>(node: Omit<LineageNodeOf<K>, "traceId">) => LineageNodeOf<K>;

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const clock = (d: Date) => `${d.toISOString().slice(11, 19)} UTC`;
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
export const joinFacts = (...facts: (string | null | false | undefined)[]) => facts.filter(Boolean).join(" · ");
