// One incident's analysis: the rule engine always runs (first-class, side by side with the
// model, and the fallback), and first: the model reads its conclusion as a cited second
// opinion it may overrule. The model runs when configured and its breaker allows. When the
// model times out, returns garbage, fails or is rejected, the rules RCA becomes primary and
// `fallbackReason` says why. Bounded: at most (tool steps + MAX_ATTEMPTS) × timeoutMs on
// the model, since each request's deadline also covers its backoff waits.
// In ensemble mode (lib/rca/ensemble) three specialists and a director take the model's
// place — rule specialists when there is no model — and the rules RCA still runs beside them.
import "server-only";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceItem, EvidenceSet } from "@/lib/evidence/types";
import type { ModelClient } from "@/lib/model/port";
import type { Rca } from "@/lib/rca/types";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { MAX_ATTEMPTS, modelRca, type ModelRcaResult } from "@/lib/rca/model/engine";
import type { ModelGuard, Watchtower } from "@/lib/rca/model/resilience";
import { createToolbox, type ToolAnswer, type ToolContext } from "@/lib/rca/model/tools";
import { explainModelFailure } from "@/lib/rca/model/explain";
import { ensembleRca, type EnsembleResult } from "@/lib/rca/ensemble/ensemble";
import type { SpecialistResult } from "@/lib/rca/ensemble/specialists";

/** single: one prompt (the default); ensemble: network, database and compute specialists and a director. */
export type RcaMode = "single" | "ensemble";

export type ModelSetup = {
  client: ModelClient;
  name: string;
  guard: ModelGuard;
  /** Per attempt. */
  timeoutMs: number;
  traceparent?: string;
  onToken?: (piece: string) => void;
  /** Before any retry (a rejected answer, a failed request): the tokens streamed so far are void. */
  onRetry?: (reason: string) => void;
  signal?: AbortSignal;
  /** The optional read-only tool loop: what the tools read, and how many calls the model gets. */
  tools?: Omit<ToolContext, "subject" | "alertStart"> & { maxSteps: number };
  onTool?: (answer: ToolAnswer) => void;
};

export type Analysis = {
  primary: Rca;
  engine: "model" | "rules" | "ensemble";
  rules: Rca;
  modelResult?: ModelRcaResult;
  /** In ensemble mode: the specialists, the vote and the director. */
  ensemble?: EnsembleResult;
  fallbackReason?: string;
  /** Wall time spent on the model, failed attempts included; 0 when it was not asked. */
  modelMs: number;
  /** Evidence the model's tool calls produced (ids after the collected ones). */
  toolEvidence: EvidenceItem[];
  watchtower: Watchtower;
};

export type AnalyzeInput = {
  evidence: EvidenceSet;
  context: Context;
  alertStart: Date;
  model?: ModelSetup;
  mode?: RcaMode;
  /** Ensemble mode: hears each specialist as soon as it has answered. */
  onSpecialist?: (result: SpecialistResult) => void | Promise<void>;
};

/** The longest the model part of an analysis can take. The ensemble's specialists run in
 * parallel (no tools), then the director: two rounds of attempts. */
export function modelBudgetMs(timeoutMs: number, toolSteps = 0, mode: RcaMode = "single"): number {
  if (mode === "ensemble") return 2 * MAX_ATTEMPTS * timeoutMs;
  return (MAX_ATTEMPTS + toolSteps) * timeoutMs;
}

export async function analyzeIncident({
  evidence,
  context,
  alertStart,
  model,
  mode = "single",
  onSpecialist,
}: AnalyzeInput): Promise<Analysis> {
  const rules = ruleBasedRca(evidence, alertStart, new Set(context.items.map((i) => i.id)));
  const fallback = (fallbackReason: string, modelMs = 0): Analysis => ({
    primary: rules,
    engine: "rules",
    rules,
    fallbackReason,
    modelMs,
    toolEvidence: [],
    watchtower: model?.guard.watchtower() ?? { active: false, reason: null },
  });
  if (mode === "ensemble") return analyzeEnsemble({ evidence, context, alertStart, model, onSpecialist }, rules, fallback);
  if (!model) return fallback("no model configured");
  const allowed = model.guard.allows();
  if (!allowed.ok) return fallback(`model skipped: ${allowed.reason}`);

  const began = performance.now();
  const { tools } = model;
  const firstId = Math.max(0, ...evidence.items.map((i) => Number(i.id.slice(1)) || 0)) + 1;
  const toolbox =
    tools && tools.maxSteps > 0
      ? createToolbox({ ...tools, subject: evidence.subject, alertStart }, { maxSteps: tools.maxSteps, firstId })
      : undefined;
  try {
    const result = await modelRca({
      client: model.guard.wrap(model.client, model.onRetry),
      model: model.name,
      context,
      subject: evidence.subject,
      alertStart,
      traceparent: model.traceparent,
      onToken: model.onToken,
      onRetry: model.onRetry,
      signal: model.signal,
      timeoutMs: model.timeoutMs,
      toolbox,
      onTool: model.onTool,
      secondOpinion: rules,
    });
    const toolEvidence = toolbox?.items() ?? [];
    return {
      primary: result.rca,
      engine: "model",
      rules,
      modelResult: result,
      modelMs: result.modelMs,
      toolEvidence,
      watchtower: model.guard.watchtower(),
    };
  } catch (err) {
    // The caller's cancellation is not a model failure: the investigation itself stops.
    if (model.signal?.aborted) throw err;
    const modelMs = Math.round(performance.now() - began);
    // What the tools read before the model failed is still evidence a person can use.
    return { ...fallback(explainModelFailure(err), modelMs), toolEvidence: toolbox?.items() ?? [] };
  }
}

/** The ensemble in the model's place. Tools are not offered to it: three specialists each
 * calling them would triple the reads, and their evidence ids would collide. */
async function analyzeEnsemble(
  { evidence, context, alertStart, model, onSpecialist }: AnalyzeInput,
  rules: Rca,
  fallback: (reason: string, modelMs?: number) => Analysis,
): Promise<Analysis> {
  const began = performance.now();
  try {
    const result = await ensembleRca({
      evidence,
      context,
      alertStart,
      onSpecialist,
      model: model && {
        client: model.client,
        name: model.name,
        guard: model.guard,
        timeoutMs: model.timeoutMs,
        traceparent: model.traceparent,
        signal: model.signal,
        onToken: model.onToken,
        onRetry: model.onRetry,
      },
    });
    return {
      primary: result.rca,
      engine: "ensemble",
      rules,
      ensemble: result,
      modelMs: model ? result.ms : 0,
      toolEvidence: [],
      watchtower: model?.guard.watchtower() ?? { active: false, reason: null },
    };
  } catch (err) {
    if (model?.signal?.aborted) throw err;
    // A bug in the ensemble must not cost the incident its analysis: the rules stand in.
    return fallback(`ensemble failed: ${err instanceof Error ? err.message : String(err)}`, Math.round(performance.now() - began));
  }
}
