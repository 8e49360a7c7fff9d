// Builds the post-mortem's facts from an incident's stored records (load.ts reads them):
// impact from its timestamps and alerts, the timeline from the audit trail, the root cause
// with the evidence it cites, the decisions on each proposal, what ran on the cluster and
// what verified it. Pure: the same records and clock give the same facts.
import { actionTitle, rootCauseText } from "@/lib/rca/labels";
import { rcaSchema } from "@/lib/rca/types";
import { redactEnvValue } from "@/lib/evidence/redact";
import { followUpsFor } from "@/lib/postmortem/follow-ups";
import { noteRefs, timelineOf, type AuditRecord } from "@/lib/postmortem/timeline";
import { clean } from "@/lib/postmortem/format";
import type { ChangeFact, CheckFact, DecisionFact, ExecutionFact, PostmortemFacts, VerificationFact } from "@/lib/postmortem/types";

type Iso = Date | null;

export type ActionRecord = {
  id: string;
  kind: "rollback" | "restart" | "scale" | "none";
  namespace: string;
  name: string;
  replicas: number | null;
  risk: string;
  state: string;
  rollbackOfId: string | null;
  policyAllowed: boolean | null;
  policyVerdict: unknown;
  preview: unknown;
  result: unknown;
  error: string | null;
  executedAt: Iso;
  verification: unknown;
  effective: boolean | null;
  verifiedAt: Iso;
  autonomousPolicy: string | null;
  createdAt: Date;
  approvals: { decision: "approved" | "rejected"; createdAt: Date; comment: string | null; usedAt: Iso; user: { email: string } }[];
};

export type PostmortemRecords = {
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
    openedAt: Date;
    acknowledgedAt: Iso;
    mitigatedAt: Iso;
    resolvedAt: Iso;
    closedAt: Iso;
    escalated: boolean;
    truncatedAlerts: number;
  };
  alerts: {
    id: string;
    alertname: string;
    severity: string;
    status: string;
    startsAt: Date;
    endsAt: Iso;
    receiveCount: number;
    annotations: unknown;
  }[];
  /** The latest investigation with a readable RCA, and its evidence. */
  run: { id: string; engine: string; model: string | null; error: string | null; result: unknown } | null;
  evidence: { ref: string | null; source: string; title: string; content: string }[];
  actions: ActionRecord[];
  events: AuditRecord[];
  /** User id → email, for audit events by people. */
  users: Map<string, string>;
  /** When Vigil's first investigation concluded (its own speed, shown beside the human MTTA). */
  firstRcaAt?: Date | null;
  /** Responders' notes as they stand now (a deleted one is gone), oldest first. */
  notes?: { id: string; body: string }[];
};

const MAX_EVIDENCE_LINES = 12;

// What an investigation records as its fallback reason when no model is configured (lib/rca/model/analyze.ts).
const NO_MODEL = "no model configured";
const iso = (d: Iso) => (d ? d.toISOString() : null);
const since = (from: Date, to: Iso) => (to ? Math.max(0, to.getTime() - from.getTime()) : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);

function titleOf(a: ActionRecord, byId: Map<string, ActionRecord>): string {
  if (!a.rollbackOfId) return actionTitle(a);
  const original = byId.get(a.rollbackOfId);
  return `Rollback of “${original ? actionTitle(original) : "an earlier action"}”`;
}

/** A spec change as the preview recorded it, with secret-looking env values hidden. */
function change(c: unknown): ChangeFact {
  const o = obj(c);
  const path = String(o.path ?? "");
  const env = /env\[([^\]]+)\]/.exec(path)?.[1];
  const value = (v: unknown) => {
    const s = str(v);
    if (s === null) return null;
    return env ? (redactEnvValue(env, s) ?? null) : clean(s, 200);
  };
  return { path: clean(path, 200), before: value(o.before), after: value(o.after) };
}

function rootCause(records: PostmortemRecords): PostmortemFacts["rootCause"] {
  if (!records.run) return null;
  const parsed = rcaSchema.safeParse(records.run.result);
  if (!parsed.success) return null;
  const rca = parsed.data;
  const byRef = new Map(records.evidence.flatMap((e) => (e.ref ? [[e.ref, e] as const] : [])));
  const cited = [...new Set(rca.citations)];
  return {
    cause: rca.rootCause,
    label: rootCauseText(rca.rootCause),
    confidence: rca.confidence,
    summary: clean(rca.summary, 600),
    reasoning: clean(rca.reasoning, 2000),
    engine: records.run.engine,
    model: records.run.model,
    // With no model configured there was nothing to set aside: the rules were the plan.
    fallbackReason: records.run.error && records.run.error !== NO_MODEL ? clean(records.run.error, 300) : null,
    evidence: cited.flatMap((ref) => {
      const e = byRef.get(ref);
      if (!e) return [];
      const lines = e.content.split("\n").filter((l) => l.trim() !== "");
      return [
        {
          ref,
          source: e.source,
          title: clean(e.title, 200),
          lines: lines.slice(0, MAX_EVIDENCE_LINES).map((l) => clean(l, 240)),
          omittedLines: Math.max(0, lines.length - MAX_EVIDENCE_LINES),
        },
      ];
    }),
    missing: cited.filter((ref) => !byRef.has(ref)),
  };
}

function decision(a: ActionRecord, title: string, undoOf: string | null): DecisionFact {
  const verdict = obj(a.policyVerdict);
  const reasons = Array.isArray(verdict.reasons) ? verdict.reasons.map(obj) : [];
  return {
    actionId: a.id,
    title,
    undoOf,
    risk: a.risk,
    proposedAt: a.createdAt.toISOString(),
    policy: {
      allowed: a.policyAllowed,
      refused: reasons.filter((r) => r.ok === false).map((r) => clean(r.message, 200)),
      requiredApprovals: typeof verdict.requiredApprovals === "number" ? verdict.requiredApprovals : null,
    },
    approvals: a.approvals.map((p) => ({
      decision: p.decision,
      by: p.user.email,
      at: p.createdAt.toISOString(),
      comment: p.comment ? clean(p.comment, 300) : null,
    })),
    autonomousPolicy: a.autonomousPolicy,
    state: a.state,
  };
}

function execution(a: ActionRecord, title: string, undoOf: string | null): ExecutionFact {
  const preview = obj(a.preview);
  const result = a.result ? obj(a.result) : null;
  const rv = obj(result?.resourceVersion);
  const patch = obj(preview.patch);
  return {
    actionId: a.id,
    title,
    undoOf,
    state: a.state,
    executedAt: iso(a.executedAt),
    authorizedBy: a.autonomousPolicy
      ? [`autonomous policy ${a.autonomousPolicy}`]
      : a.approvals.filter((p) => p.decision === "approved" && p.usedAt).map((p) => p.user.email),
    request: clean(str(result?.request) ?? `PATCH /apis/apps/v1/namespaces/${a.namespace}/deployments/${a.name}`, 200),
    patchType: str(patch.type),
    change: str(preview.summary) ? clean(preview.summary, 300) : null,
    changes: Array.isArray(preview.changes) ? preview.changes.slice(0, 20).map(change) : [],
    result: result
      ? {
          status: typeof result.status === "number" ? result.status : null,
          resourceVersionBefore: str(rv.before),
          resourceVersionAfter: str(rv.after),
          generation: typeof result.generation === "number" ? result.generation : null,
          revision: str(result.revisionAtWrite),
          traceAnnotation: str(result.traceAnnotation),
        }
      : null,
    error: a.error ? clean(a.error, 300) : null,
  };
}

function verification(a: ActionRecord, title: string): VerificationFact {
  const v = obj(a.verification);
  const check = (name: string, key: string, okKey: string): CheckFact | null => {
    const c = obj(v[key]);
    if (typeof c.detail !== "string") return null;
    const ok = typeof c[okKey] === "boolean" ? (c[okKey] as boolean) : null;
    const revision = key === "rollout" && str(c.revision) ? ` (revision ${str(c.revision)})` : "";
    return { name, ok, detail: `${clean(c.detail, 200)}${revision}` };
  };
  const checks = [check("Rollout", "rollout", "ready"), check("Alerts", "alerts", "cleared"), check("PromQL", "promql", "cleared")].filter(
    (c): c is CheckFact => c !== null,
  );
  return { actionId: a.id, title, effective: a.effective, verifiedAt: iso(a.verifiedAt), checks };
}

export function buildFacts(records: PostmortemRecords, asOf: Date): PostmortemFacts {
  const i = records.incident;
  const byId = new Map(records.actions.map((a) => [a.id, a]));
  const titles = new Map(records.actions.map((a) => [a.id, titleOf(a, byId)]));
  const end = i.resolvedAt ?? i.closedAt;
  const undoOf = (a: ActionRecord) => (a.rollbackOfId ? (titles.get(a.rollbackOfId) ?? null) : null);
  const acting = records.actions.filter((a) => a.kind !== "none");
  const escalatedEvent = records.events.findLast((e) => e.action === "incident.escalated");

  const facts: Omit<PostmortemFacts, "followUps"> = {
    incident: {
      id: i.id,
      number: i.number,
      title: clean(i.title, 200),
      state: i.state,
      severity: i.severity,
      namespace: i.namespace,
      workload: i.workload,
      workloadKind: i.workloadKind,
      traceId: i.traceId,
      openedAt: i.openedAt.toISOString(),
      acknowledgedAt: iso(i.acknowledgedAt),
      mitigatedAt: iso(i.mitigatedAt),
      resolvedAt: iso(i.resolvedAt),
      closedAt: iso(i.closedAt),
    },
    impact: {
      asOf: asOf.toISOString(),
      ongoing: !end,
      durationMs: since(i.openedAt, end ?? asOf)!,
      mttaMs: since(i.openedAt, i.acknowledgedAt),
      firstRcaMs: since(i.openedAt, records.firstRcaAt ?? null),
      mitigateMs: since(i.openedAt, i.mitigatedAt),
      mttrMs: since(i.openedAt, i.resolvedAt),
      alerts: records.alerts.map((a) => ({
        alertname: clean(a.alertname, 120),
        severity: a.severity,
        status: a.status,
        startsAt: a.startsAt.toISOString(),
        endsAt: iso(a.endsAt),
        deliveries: a.receiveCount,
        summary: str(obj(a.annotations).summary) ? clean(obj(a.annotations).summary, 200) : null,
      })),
      firing: records.alerts.filter((a) => a.status === "firing").length,
      truncatedAlerts: i.truncatedAlerts,
    },
    timeline: timelineOf(records.events, {
      users: records.users,
      alerts: new Map(records.alerts.map((a) => [a.id, a.alertname])),
      actions: titles,
      notes: noteRefs(records.notes ?? []),
    }),
    rootCause: rootCause(records),
    decisions: acting.map((a) => decision(a, titles.get(a.id)!, undoOf(a))),
    executed: acting.filter((a) => a.executedAt || a.state === "failed").map((a) => execution(a, titles.get(a.id)!, undoOf(a))),
    verification: acting.filter((a) => a.executedAt && a.verification).map((a) => verification(a, titles.get(a.id)!)),
    escalation: i.escalated
      ? {
          reason: clean(obj(escalatedEvent?.data).reason ?? "escalated to humans", 300),
          at: escalatedEvent?.at.toISOString() ?? i.openedAt.toISOString(),
        }
      : null,
  };
  return { ...facts, followUps: followUpsFor(facts) };
}
