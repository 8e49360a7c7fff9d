// Tuning data: resolved incidents whose executed action was verified effective (and never
// undone) as JSONL in the chat format QLoRA tools read (axolotl, unsloth, TRL's
// "messages"): the system prompt, the evidence exactly as the model read it (rebuilt from
// the stored in-context evidence with the prompt's own builder), and the verified RCA with
// the one action that worked. Streamed page by page, so an export never holds every
// incident in memory; every string is redacted again on the way out, and a line that a
// second pass still finds a secret in is refused, not emitted.
import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceItem, EvidenceSource, Subject } from "@/lib/evidence/types";
import { countTokens, itemText } from "@/lib/evidence/tokens";
import { redact } from "@/lib/evidence/redact";
import { buildMessages } from "@/lib/rca/model/prompt";
import { rcaSchema, type Rca } from "@/lib/rca/types";
import { workloadKinds, type WorkloadKind } from "@/lib/scenarios/schema";

export const TUNING_PAGE_SIZE = 200;

export type TuningMessage = { role: "system" | "user" | "assistant"; content: string };
export type TuningMetadata = {
  incidentId: string;
  number: number;
  traceId: string;
  rootCause: string;
  actionKind: string;
  verifiedAt: string;
  engine: string;
  model: string | null;
};
export type TuningRecord = { messages: TuningMessage[]; metadata: TuningMetadata };

export const skipReasons = ["no_run", "no_context", "invalid_rca", "secret_after_redaction"] as const;
export type SkipReason = (typeof skipReasons)[number];

export type TuningEntry =
  { kind: "line"; incidentId: string; line: string } | { kind: "skipped"; incidentId: string; number: number; reason: SkipReason };
export type TuningSummary = { written: number; skipped: Record<SkipReason, number> };

export type TuningOptions = { since?: Date; pageSize?: number };

/** Executed, verified effective, not an undo and not undone since. */
const verifiedAction = (since?: Date) => ({
  state: "executed" as const,
  effective: true,
  rollbackOfId: null,
  rolledBackBy: { is: null },
  agentRunId: { not: null },
  ...(since ? { verifiedAt: { gte: since } } : {}),
});

/** Every exportable incident, oldest number first, one JSON line (or a skip) each. */
export async function* tuningEntries(db: Db, options: TuningOptions = {}): AsyncGenerator<TuningEntry> {
  const take = options.pageSize ?? TUNING_PAGE_SIZE;
  let after = 0;
  for (;;) {
    const page = await db.incident.findMany({
      where: { number: { gt: after }, state: { in: ["resolved", "closed"] }, actions: { some: verifiedAction(options.since) } },
      orderBy: { number: "asc" },
      take,
      select: {
        id: true,
        number: true,
        traceId: true,
        alerts: { select: { startsAt: true } },
        // The latest verified action stands for the incident: it is the one that ended it.
        actions: { where: verifiedAction(options.since), orderBy: { verifiedAt: "desc" }, take: 1 },
      },
    });
    for (const incident of page) yield await entryFor(db, incident);
    if (page.length < take) return;
    after = page.at(-1)!.number;
  }
}

export function emptySummary(): TuningSummary {
  return { written: 0, skipped: Object.fromEntries(skipReasons.map((r) => [r, 0])) as Record<SkipReason, number> };
}

export function tally(summary: TuningSummary, entry: TuningEntry): TuningSummary {
  if (entry.kind === "line") summary.written += 1;
  else summary.skipped[entry.reason] += 1;
  return summary;
}

type IncidentRow = { id: string; number: number; traceId: string; alerts: { startsAt: Date }[]; actions: ActionRow[] };
type ActionRow = {
  agentRunId: string | null;
  kind: string;
  targetKind: string;
  namespace: string;
  name: string;
  replicas: number | null;
  risk: string;
  rationale: string;
  rank: number;
  verifiedAt: Date | null;
};

async function entryFor(db: Db, incident: IncidentRow): Promise<TuningEntry> {
  const skip = (reason: SkipReason): TuningEntry => ({ kind: "skipped", incidentId: incident.id, number: incident.number, reason });
  const action = incident.actions[0];
  const run = action?.agentRunId
    ? await db.agentRun.findUnique({
        where: { id: action.agentRunId },
        select: {
          engine: true,
          model: true,
          result: true,
          steps: { where: { kind: "collect" }, select: { output: true }, take: 1 },
          evidence: {
            where: { inContext: true },
            select: { ref: true, source: true, title: true, content: true, score: true, redactions: true },
          },
        },
      })
    : null;
  if (!action || !run) return skip("no_run");
  const items = run.evidence
    .filter((e): e is typeof e & { ref: string } => !!e.ref)
    .map((e): EvidenceItem => ({
      id: e.ref,
      source: e.source as EvidenceSource,
      title: e.title,
      lines: e.content.split("\n"),
      score: e.score,
      redactions: e.redactions,
    }))
    .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  if (items.length === 0) return skip("no_context");
  const rca = rcaSchema.safeParse(run.result);
  if (!rca.success) return skip("invalid_rca");

  const text = items.map(itemText).join("\n");
  const context: Context = { items, text, tokens: countTokens(text), dropped: [] };
  const starts = incident.alerts.map((a) => a.startsAt.getTime());
  const prompt = buildMessages({
    context,
    subject: subjectOf(run.steps[0]?.output, action),
    alertStart: starts.length ? new Date(Math.min(...starts)) : undefined,
  });
  // Evidence was redacted when it was collected; this pass is the second line of defence,
  // and the check after it proves the line is clean rather than assuming it. The answer is
  // redacted as an object, before it is serialised, so a mask never breaks its JSON.
  const answer = redactDeep(completion(rca.data, action));
  const metadata = redactDeep<TuningMetadata>({
    incidentId: incident.id,
    number: incident.number,
    traceId: incident.traceId,
    rootCause: rca.data.rootCause,
    actionKind: action.kind,
    verifiedAt: (action.verifiedAt ?? new Date(0)).toISOString(),
    engine: run.engine,
    model: run.model,
  });
  const system = redact(prompt[0]!.content).text;
  const user = redact(prompt[1]!.content).text;
  if (secretsIn([system, user, answer, metadata]) > 0) return skip("secret_after_redaction");
  const record: TuningRecord = {
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
      { role: "assistant", content: JSON.stringify(answer) },
    ],
    metadata,
  };
  return { kind: "line", incidentId: incident.id, line: JSON.stringify(record) };
}

const collectOutput = z.object({
  subject: z.object({
    namespace: z.string(),
    name: z.string(),
    kind: z.enum([...workloadKinds, "unknown"]),
    replicas: z.number().nullable(),
    selector: z.string().nullable(),
  }),
});

/** The workload as the collect step resolved it; the action's own target where that step left nothing usable. */
function subjectOf(output: unknown, action: ActionRow): Subject {
  const parsed = collectOutput.safeParse(output);
  if (parsed.success) return parsed.data.subject;
  return { namespace: action.namespace, name: action.name, kind: kindOf(action.targetKind), replicas: null, selector: null };
}

/** A stored target kind as the RCA's vocabulary has it (rows from before DaemonSets, Jobs… are Deployments). */
function kindOf(stored: string): WorkloadKind {
  return (workloadKinds as readonly string[]).includes(stored) ? (stored as WorkloadKind) : "Deployment";
}

/** The RCA in the answer's shape (key order as the system prompt asks), its actions narrowed to the verified one. */
function completion(rca: Rca, action: ActionRow): Rca {
  const ranked = rca.actions[action.rank - 1];
  const same =
    ranked && ranked.action === action.kind && ranked.target.namespace === action.namespace && ranked.target.name === action.name;
  const verified = same
    ? ranked
    : {
        action: action.kind as Rca["actions"][number]["action"],
        target: { kind: kindOf(action.targetKind), namespace: action.namespace, name: action.name },
        ...(action.replicas !== null ? { replicas: action.replicas } : {}),
        risk: action.risk as Rca["actions"][number]["risk"],
        rationale: action.rationale,
      };
  return {
    reasoning: rca.reasoning,
    citations: rca.citations,
    rootCause: rca.rootCause,
    confidence: rca.confidence,
    summary: rca.summary,
    actions: [verified],
    ...(rca.missing?.length ? { missing: rca.missing } : {}),
  } as Rca;
}

function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value).text as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}

function secretsIn(value: unknown): number {
  if (typeof value === "string") return redact(value).redactions;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + secretsIn(v), 0);
  if (value && typeof value === "object") return Object.values(value).reduce((n: number, v) => n + secretsIn(v), 0);
  return 0;
}
