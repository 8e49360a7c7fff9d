// The three specialists, in parallel over the same evidence. Each asks the model (the single
// prompt's machinery: deadline per attempt, validation, one corrective retry, the shared
// guard's backoff and breaker) with its own system prompt and only its domain's causes; when
// there is no model, or its call fails, its rule-based twin answers instead and the reason is
// kept. One specialist's failure never sinks the others.
import "server-only";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceSet } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import { modelRca } from "@/lib/rca/model/engine";
import { explainModelFailure } from "@/lib/rca/model/explain";
import { specialistCauses, specialists, type Specialist } from "@/lib/rca/ensemble/domains";
import { specialistPrompt } from "@/lib/rca/ensemble/prompts";
import { ruleSpecialistRca } from "@/lib/rca/ensemble/rule-specialist";
import { metered, noUsage, type Usage } from "@/lib/rca/ensemble/meter";
import type { EnsembleModel } from "@/lib/rca/ensemble/types";

export type SpecialistResult = {
  specialist: Specialist;
  /** Who answered: the model, or the rule-based specialist. */
  source: "model" | "rules";
  rca: Rca;
  /** Why the model's answer is not the one used, when a model was asked. */
  fallbackReason?: string;
  usage: Usage;
  ms: number;
};

export type SpecialistsInput = {
  evidence: EvidenceSet;
  context: Context;
  alertStart: Date;
  model?: EnsembleModel;
  /** Hears each specialist as soon as it has answered. */
  onSpecialist?: (result: SpecialistResult) => void | Promise<void>;
};

export async function runSpecialists({
  evidence,
  context,
  alertStart,
  model,
  onSpecialist,
}: SpecialistsInput): Promise<SpecialistResult[]> {
  const inContext = new Set(context.items.map((i) => i.id));
  const one = async (specialist: Specialist): Promise<SpecialistResult> => {
    const began = performance.now();
    const rules = (fallbackReason: string | undefined, usage: Usage): SpecialistResult => ({
      specialist,
      source: "rules",
      rca: ruleSpecialistRca(specialist, evidence, alertStart, inContext),
      ...(fallbackReason ? { fallbackReason } : {}),
      usage,
      ms: Math.round(performance.now() - began),
    });
    if (!model) return rules(undefined, noUsage());
    const { client, usage } = metered(model.client);
    try {
      const answer = await modelRca({
        // No onRetry: specialists do not stream, so there are no shown tokens to void.
        client: model.guard.wrap(client),
        model: model.name,
        context,
        subject: evidence.subject,
        alertStart,
        traceparent: model.traceparent,
        signal: model.signal,
        timeoutMs: model.timeoutMs,
        system: specialistPrompt(specialist),
        causes: [...specialistCauses[specialist], "unknown"],
      });
      return { specialist, source: "model", rca: answer.rca, usage, ms: Math.round(performance.now() - began) };
    } catch (err) {
      // The caller's cancellation stops the whole investigation, not just this specialist.
      if (model.signal?.aborted) throw err;
      return rules(explainModelFailure(err), usage);
    }
  };
  return Promise.all(
    specialists.map(async (s) => {
      const result = await one(s);
      await onSpecialist?.(result);
      return result;
    }),
  );
}
