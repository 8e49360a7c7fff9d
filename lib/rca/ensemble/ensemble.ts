// Ensemble reasoning: the network, database and compute specialists analyse the same
// evidence in parallel, the vote picks the root cause, and the director merges their answers
// into one RCA (director.ts). With a model the specialists and the director are model calls,
// each falling back on its own (rule specialists, deterministic merge); without one the whole
// ensemble runs on rule specialists — a real engine either way, and the result says which.
import "server-only";
import type { Context } from "@/lib/evidence/budget";
import type { EvidenceSet } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import { runSpecialists, type SpecialistResult } from "@/lib/rca/ensemble/specialists";
import { direct, type DirectorResult } from "@/lib/rca/ensemble/director";
import { tally, type Tally } from "@/lib/rca/ensemble/vote";
import { addUsage, type Usage } from "@/lib/rca/ensemble/meter";
import type { EnsembleModel } from "@/lib/rca/ensemble/types";
import type { EnsembleRecord } from "@/lib/rca/ensemble/record";

export type EnsembleResult = {
  rca: Rca;
  specialists: SpecialistResult[];
  tally: Tally;
  director: DirectorResult;
  /** Every model call of the ensemble, specialists and director together. */
  usage: Usage;
  /** Whether a model took part (some answer came from it). */
  modelAnswered: boolean;
  ms: number;
};

export type EnsembleInput = {
  evidence: EvidenceSet;
  context: Context;
  alertStart: Date;
  model?: EnsembleModel;
  onSpecialist?: (result: SpecialistResult) => void | Promise<void>;
};

export async function ensembleRca({ evidence, context, alertStart, model, onSpecialist }: EnsembleInput): Promise<EnsembleResult> {
  const began = performance.now();
  const answers = await runSpecialists({ evidence, context, alertStart, model, onSpecialist });
  const votes = tally(
    answers.map((a) => ({
      specialist: a.specialist,
      rootCause: a.rca.rootCause,
      confidence: a.rca.confidence,
      citations: a.rca.citations,
    })),
  );
  const director = await direct({ answers, tally: votes, evidence, context, alertStart, model });
  return {
    rca: director.rca,
    specialists: answers,
    tally: votes,
    director,
    usage: addUsage(...answers.map((a) => a.usage), director.usage),
    modelAnswered: director.source === "model" || answers.some((a) => a.source === "model"),
    ms: Math.round(performance.now() - began),
  };
}

/** What the engine step stores and the console reads back (record.ts parses it). */
export function ensembleRecord(result: EnsembleResult): EnsembleRecord {
  return {
    specialists: result.specialists.map((s) => ({
      specialist: s.specialist,
      source: s.source,
      rootCause: s.rca.rootCause,
      confidence: s.rca.confidence,
      citations: s.rca.citations,
      summary: s.rca.summary,
      fallbackReason: s.fallbackReason ?? null,
      ms: s.ms,
    })),
    tally: {
      winner: result.tally.winner,
      tied: result.tally.tied,
      tieBreak: result.tally.tieBreak,
      confidence: result.tally.confidence,
      totals: result.tally.totals.map((t) => ({ cause: t.cause, weight: t.weight, voters: t.voters })),
      abstained: result.tally.abstained,
    },
    director: { source: result.director.source, fallbackReason: result.director.fallbackReason ?? null, ms: result.director.ms },
    usage: result.usage,
  };
}
