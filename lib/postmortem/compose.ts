// Chooses the engine for a draft: the model's narrative spliced into the template when a
// model is configured and answers well, else the template alone — with the reason, so the
// console can say why the model was not used.
import "server-only";
import type { ModelPort } from "@/lib/investigation/ports";
import { renderPostmortem } from "@/lib/postmortem/markdown";
import { modelNarrative, NarrativeRefused } from "@/lib/postmortem/model-engine";
import type { DraftMeta, PostmortemFacts } from "@/lib/postmortem/types";
import { incidentLogger } from "@/lib/log";

export type Composed = { markdown: string; meta: DraftMeta };

export async function composePostmortem(
  facts: PostmortemFacts,
  model: ModelPort | null,
  options: { now: Date; traceparent?: string; signal?: AbortSignal },
): Promise<Composed> {
  const generatedAt = options.now.toISOString();
  const template = (fallbackReason: string | null): Composed => {
    const meta: DraftMeta = { engine: "template", model: null, fallbackReason, generatedAt };
    return { markdown: renderPostmortem(facts, meta), meta };
  };
  if (!model) return template(null);
  try {
    const { narrative, model: name } = await modelNarrative(facts, model, { traceparent: options.traceparent, signal: options.signal });
    const meta: DraftMeta = { engine: "model", model: name, fallbackReason: null, generatedAt };
    return { markdown: renderPostmortem(facts, meta, narrative), meta };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    const reason = err instanceof NarrativeRefused ? err.message : `model failed: ${(err as Error).message}`;
    incidentLogger(facts.incident.traceId, { incidentId: facts.incident.id }).warn(
      { reason },
      "post-mortem drafted by the template: the model's narrative was not used",
    );
    return template(reason);
  }
}
