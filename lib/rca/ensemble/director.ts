// The director: turns the specialists' answers and the vote into the incident's one RCA.
// With a model it writes the merged answer under the answer schema, its root cause held to
// the vote's winner (or one of the tied) by the format and by validation, its citations held
// to the evidence; one corrective retry, as for the single prompt. Without a model, or when
// its call fails or is rejected, the merge is deterministic: the winner's most confident
// answer (summary, actions), with the citations of every specialist that voted for it, its
// actions held to what the merged cause can justify on the workload (lib/rca/safety.ts).
// Either way the confidence is the vote's (vote.ts), not the director's own say-so.
import "server-only";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceSet, Subject } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import type { RootCause } from "@/lib/scenarios/schema";
import { isSafeAction } from "@/lib/rca/safety";
import { targetKind } from "@/lib/rca/model/prompt";
import { modelRca } from "@/lib/rca/model/engine";
import { explainModelFailure } from "@/lib/rca/model/explain";
import { DIRECTOR_PROMPT, directorNotes, type SpecialistAnswer } from "@/lib/rca/ensemble/prompts";
import { abstains, bySpecialist, confidenceOf, type Tally } from "@/lib/rca/ensemble/vote";
import { metered, noUsage, type Usage } from "@/lib/rca/ensemble/meter";
import type { EnsembleModel } from "@/lib/rca/ensemble/types";

export type DirectorResult = {
  /** Who wrote the merged answer: the model, or the deterministic merge. */
  source: "model" | "deterministic";
  rca: Rca;
  /** Why the model's merge is not the one used, when the model was asked. */
  fallbackReason?: string;
  usage: Usage;
  ms: number;
};

export type DirectInput = {
  answers: readonly SpecialistAnswer[];
  tally: Tally;
  evidence: EvidenceSet;
  context: Context;
  alertStart: Date;
  model?: EnsembleModel;
};

export async function direct({ answers, tally, evidence, context, alertStart, model }: DirectInput): Promise<DirectorResult> {
  const began = performance.now();
  const merge = (fallbackReason: string | undefined, usage: Usage): DirectorResult => ({
    source: "deterministic",
    rca: mergeAnswers(answers, tally, evidence.subject),
    ...(fallbackReason ? { fallbackReason } : {}),
    usage,
    ms: Math.round(performance.now() - began),
  });
  // Nobody voted: there is nothing to direct, and no model call to spend on saying so.
  if (!model || tally.winner === "unknown") return merge(undefined, noUsage());
  const { client, usage } = metered(model.client);
  try {
    const answer = await modelRca({
      client: model.guard.wrap(client, model.onRetry),
      model: model.name,
      context,
      subject: evidence.subject,
      alertStart,
      traceparent: model.traceparent,
      onToken: model.onToken,
      onRetry: model.onRetry,
      signal: model.signal,
      timeoutMs: model.timeoutMs,
      system: DIRECTOR_PROMPT,
      notes: directorNotes(answers, tally, tally.tied),
      causes: tally.tied,
    });
    const rca = { ...answer.rca, confidence: confidenceOf(tally, answer.rca.rootCause) };
    return { source: "model", rca, usage, ms: Math.round(performance.now() - began) };
  } catch (err) {
    if (model.signal?.aborted) throw err;
    return merge(explainModelFailure(err), usage);
  }
}

const MAX_CITATIONS = 20;

/** The deterministic merge (see the header). Nobody voted: `unknown`, from every abstention. */
export function mergeAnswers(
  answers: readonly SpecialistAnswer[],
  tally: Tally,
  subject: Pick<Subject, "namespace" | "name" | "kind">,
): Rca {
  const ordered = bySpecialist(answers);
  const voters = ordered.filter((a) => a.rca.rootCause === tally.winner && !abstains({ specialist: a.specialist, ...a.rca }));
  const from = voters.length ? voters : ordered;
  // The most confident answer leads; among equals, the specialists' fixed order.
  const base = [...from].sort((a, b) => b.rca.confidence - a.rca.confidence)[0];
  if (!base) throw new Error("the ensemble has no specialist answers to merge");
  const citations = [...new Set([base, ...from].flatMap((a) => a.rca.citations))].slice(0, MAX_CITATIONS);
  const line = (a: SpecialistAnswer) =>
    `- ${a.specialist} (${a.source === "model" ? "model" : "rules"}, ${a.rca.confidence.toFixed(2)}): ${a.rca.summary}`;
  const votes = tally.totals.map((t) => `${t.cause} ${t.weight.toFixed(2)} (${t.voters.join(", ")})`).join("; ");
  if (!voters.length) {
    return {
      ...base.rca,
      rootCause: "unknown",
      summary: `No specialist (network, database, compute) found a cause for ${subject.namespace}/${subject.name}: the ensemble abstains.`,
      reasoning: clip(["Every specialist abstained:", ...ordered.map(line)].join("\n"), 4000),
      citations,
      actions: safeActions(base.rca.actions, "unknown", subject),
    };
  }
  const dissent = ordered.filter((a) => !voters.includes(a));
  return {
    ...base.rca,
    rootCause: tally.winner,
    confidence: tally.confidence,
    reasoning: clip(
      [
        `Vote: ${votes}${tally.tieBreak ? ` (tie broken by ${tally.tieBreak})` : ""}.`,
        ...voters.map(line),
        ...(dissent.length ? ["Not in the majority:", ...dissent.map(line)] : []),
      ].join("\n"),
      4000,
    ),
    citations,
    actions: safeActions(base.rca.actions, tally.winner, subject),
  };
}

/**
 * The leading answer's actions that `cause` can justify on the subject's kind. An abstaining
 * answer may carry its own cause's action, and a rule specialist's proposal is checked here as
 * a model's is in validate.ts; with nothing left, a recommendation for a person.
 */
function safeActions(actions: Rca["actions"], cause: RootCause, subject: Pick<Subject, "namespace" | "name" | "kind">): Rca["actions"] {
  const kept = actions.filter((a) => isSafeAction(cause, a.action, subject.kind));
  if (kept.length) return kept;
  const target = { kind: targetKind(subject), namespace: subject.namespace, name: subject.name };
  return [
    { action: "none", target, risk: "low", rationale: `No automated action follows from ${cause}: a person decides what to change.` },
  ];
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
