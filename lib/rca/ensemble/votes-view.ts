// The specialists' votes as the incident page shows them: from the engine step's stored
// record once the run is done, or live from the stream's `specialist.done` events while it
// runs (tallied here with the director's own vote function). Pure and safe in the browser.
import { rootCauses, type RootCause } from "@/lib/scenarios/schema";
import { rootCauseText } from "@/lib/rca/labels";
import { isSpecialist, specialistLabel, specialists, type Specialist } from "@/lib/rca/ensemble/domains";
import { abstains, tally } from "@/lib/rca/ensemble/vote";
import type { EnsembleRecord } from "@/lib/rca/ensemble/record";

export type VoteRow = {
  specialist: Specialist;
  label: string;
  source: "model" | "rules";
  cause: string;
  causeText: string;
  confidence: number;
  abstained: boolean;
  /** It voted for the cause that won. */
  won: boolean;
  fallbackReason: string | null;
};

export type VotesView = {
  rows: VoteRow[];
  /** Specialists not heard from yet (live only). */
  waiting: Specialist[];
  /** "dependency_failure 1.52 (network, database)", best first. */
  totals: string[];
  winner: string | null;
  /** How the merged answer was written; null while the run is live. */
  director: string | null;
};

type Answer = { specialist: Specialist; source: "model" | "rules"; rootCause: string; confidence: number; fallbackReason: string | null };

const isCause = (c: string): c is RootCause => (rootCauses as readonly string[]).includes(c);

function rows(answers: Answer[], winner: string | null): VoteRow[] {
  return specialists.flatMap((s) => {
    const a = answers.find((x) => x.specialist === s);
    if (!a) return [];
    const abstained = !isCause(a.rootCause) || abstains({ specialist: s, rootCause: a.rootCause, confidence: a.confidence });
    return [
      {
        specialist: s,
        label: specialistLabel[s],
        source: a.source,
        cause: a.rootCause,
        causeText: abstained ? "Abstains" : rootCauseText(a.rootCause),
        confidence: a.confidence,
        abstained,
        won: !abstained && a.rootCause === winner,
        fallbackReason: a.fallbackReason,
      },
    ];
  });
}

export function votesFromRecord(record: EnsembleRecord): VotesView {
  const { tally: t, director } = record;
  const winner = t.winner === "unknown" ? null : t.winner;
  const how =
    director.source === "model"
      ? "Merged by the model director."
      : director.fallbackReason
        ? `Merged deterministically (the director's answer was not used: ${director.fallbackReason}).`
        : "Merged deterministically from the votes.";
  return {
    rows: rows(record.specialists, winner),
    waiting: [],
    totals: t.totals.map((c) => `${rootCauseText(c.cause)} ${c.weight.toFixed(2)} (${c.voters.join(", ")})`),
    winner,
    director: how,
  };
}

/** The live votes; stream data is checked, not trusted: an unknown specialist is dropped. */
export function votesFromLive(
  live: readonly { specialist: string; source: "model" | "rules"; rootCause: string; confidence: number; fallbackReason: string | null }[],
): VotesView {
  const answers = live.filter((a): a is typeof a & { specialist: Specialist } => isSpecialist(a.specialist));
  const t = tally(
    answers.flatMap((a) =>
      isCause(a.rootCause) ? [{ specialist: a.specialist, rootCause: a.rootCause, confidence: a.confidence, citations: [] }] : [],
    ),
  );
  const winner = t.winner === "unknown" ? null : t.winner;
  return {
    rows: rows(answers, winner),
    waiting: specialists.filter((s) => !answers.some((a) => a.specialist === s)),
    totals: t.totals.map((c) => `${rootCauseText(c.cause)} ${c.weight.toFixed(2)} (${c.voters.join(", ")})`),
    winner,
    director: null,
  };
}
