// One incident's analysis: the rule engine always runs (first-class, side by side with the
// model, and the fallback); the model runs when configured and its breaker allows. When the
// model times out, returns garbage, fails or is rejected, the rules RCA becomes primary and
// `fallbackReason` says why. Bounded: at most (tool steps + MAX_ATTEMPTS) × timeoutMs on
// the model, since each request's deadline also covers its backoff waits.
import "server-only";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceItem, EvidenceSet } from "@/lib/evidence/types";
import type { ModelClient } from "@/lib/model/port";
import type { Rca } from "@/lib/rca/types";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { MAX_ATTEMPTS, modelRca, type ModelRcaResult } from "@/lib/rca/model/engine";
import { ModelError } from "@/lib/model/model-error";
import { CircuitOpenError, ModelAnswerRejected, ModelTimeoutError } from "@/lib/rca/model/errors";
import type { ModelGuard, Watchtower } from "@/lib/rca/model/resilience";
import { createToolbox, type ToolAnswer, type ToolContext } from "@/lib/rca/model/tools";

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
  engine: "model" | "rules";
  rules: Rca;
  modelResult?: ModelRcaResult;
  fallbackReason?: string;
  /** Wall time spent on the model, failed attempts included; 0 when it was not asked. */
  modelMs: number;
  /** Evidence the model's tool calls produced (ids after the collected ones). */
  toolEvidence: EvidenceItem[];
  watchtower: Watchtower;
};

export type AnalyzeInput = { evidence: EvidenceSet; context: Context; alertStart: Date; model?: ModelSetup };

/** The longest the model part of an analysis can take. */
export function modelBudgetMs(timeoutMs: number, toolSteps = 0): number {
  return (MAX_ATTEMPTS + toolSteps) * timeoutMs;
}

export async function analyzeIncident({ evidence, context, alertStart, model }: AnalyzeInput): Promise<Analysis> {
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
  if (!model) return fallback("no model configured");
  const allowed = model.guard.allows();
  if (!allowed.ok) return fallback(`model skipped: ${allowed.reason}`);

  const began = performance.now();
  const { tools } = model;
  const firstId = Math.max(0, ...evidence.items.map((i) => Number(i.id.slice(1)) || 0)) + 1;
  const toolbox = tools && tools.maxSteps > 0 ? createToolbox({ ...tools, subject: evidence.subject, alertStart }, { maxSteps: tools.maxSteps, firstId }) : undefined;
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
    });
    const toolEvidence = toolbox?.items() ?? [];
    return { primary: result.rca, engine: "model", rules, modelResult: result, modelMs: result.modelMs, toolEvidence, watchtower: model.guard.watchtower() };
  } catch (err) {
    // The caller's cancellation is not a model failure: the investigation itself stops.
    if (model.signal?.aborted) throw err;
    const modelMs = Math.round(performance.now() - began);
    // What the tools read before the model failed is still evidence a person can use.
    return { ...fallback(explain(err), modelMs), toolEvidence: toolbox?.items() ?? [] };
  }
}

function explain(err: unknown): string {
  if (err instanceof CircuitOpenError) return `model skipped: ${err.message}`;
  if (err instanceof ModelTimeoutError) return `model timed out: ${err.message}`;
  if (err instanceof ModelAnswerRejected) return `model answer rejected after ${err.attempts} attempts: ${err.reason}`;
  if (err instanceof ModelError) return `model unavailable: ${err.message}`;
  // Anything else is a bug on our side; still, the incident gets the rules' analysis.
  return `model failed: ${err instanceof Error ? err.message : String(err)}`;
}
