// One incident's analysis: the rule engine always runs (first-class, side by side with the
// model, and the fallback); the model runs when configured and its breaker allows. When the
// model times out, returns garbage, fails or is rejected, the rules RCA becomes primary and
// `fallbackReason` says why. Bounded: at most MAX_ATTEMPTS × timeoutMs on the model, since
// each attempt's deadline also covers its backoff waits.
import "server-only";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceSet } from "@/lib/evidence/types";
import type { ModelClient } from "@/lib/model/port";
import type { Rca } from "@/lib/rca/types";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { MAX_ATTEMPTS, modelRca, type ModelRcaResult } from "@/lib/rca/model/engine";
import { ModelError } from "@/lib/model/model-error";
import { CircuitOpenError, ModelAnswerRejected, ModelTimeoutError } from "@/lib/rca/model/errors";
import type { ModelGuard, Watchtower } from "@/lib/rca/model/resilience";

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
};

export type Analysis = {
  primary: Rca;
  engine: "model" | "rules";
  rules: Rca;
  modelResult?: ModelRcaResult;
  fallbackReason?: string;
  /** Wall time spent on the model, failed attempts included; 0 when it was not asked. */
  modelMs: number;
  watchtower: Watchtower;
};

export type AnalyzeInput = { evidence: EvidenceSet; context: Context; alertStart: Date; model?: ModelSetup };

/** The longest the model part of an analysis can take. */
export function modelBudgetMs(timeoutMs: number): number {
  return MAX_ATTEMPTS * timeoutMs;
}

export async function analyzeIncident({ evidence, context, alertStart, model }: AnalyzeInput): Promise<Analysis> {
  const rules = ruleBasedRca(evidence, alertStart, new Set(context.items.map((i) => i.id)));
  const fallback = (fallbackReason: string, modelMs = 0): Analysis => ({
    primary: rules,
    engine: "rules",
    rules,
    fallbackReason,
    modelMs,
    watchtower: model?.guard.watchtower() ?? { active: false, reason: null },
  });
  if (!model) return fallback("no model configured");
  const allowed = model.guard.allows();
  if (!allowed.ok) return fallback(`model skipped: ${allowed.reason}`);

  const began = performance.now();
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
    });
    return { primary: result.rca, engine: "model", rules, modelResult: result, modelMs: result.modelMs, watchtower: model.guard.watchtower() };
  } catch (err) {
    // The caller's cancellation is not a model failure: the investigation itself stops.
    if (model.signal?.aborted) throw err;
    const modelMs = Math.round(performance.now() - began);
    return fallback(explain(err), modelMs);
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
