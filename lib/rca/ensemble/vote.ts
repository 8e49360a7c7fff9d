// The director's vote on the root cause. Each specialist's cause counts with its confidence
// as weight; abstentions (`unknown`, or a cause outside the specialist's domain) do not vote.
// The winner is the cause with the largest total weight. Ties, in order: the highest single
// confidence among its voters, then the most distinct evidence its voters cite, then the
// taxonomy's order — deterministic, so the same answers always give the same winner (a
// model director may still pick any of the tied causes). Confidence of the result: the
// winner's share of all the weight × its voters' mean confidence — agreement raises it,
// dissent lowers it. Pure and safe in the browser: the console tallies live votes with it.
import { rootCauses, type RootCause } from "@/lib/scenarios/schema";
import { inDomain, specialists, type Specialist } from "@/lib/rca/ensemble/domains";

export type Vote = { specialist: Specialist; rootCause: RootCause; confidence: number; citations: readonly string[] };

export type CauseTotal = {
  cause: RootCause;
  weight: number;
  voters: Specialist[];
  maxConfidence: number;
  meanConfidence: number;
  citations: string[];
};

export type Tally = {
  /** Every cause that got a vote, best first (the tie-break applied). */
  totals: CauseTotal[];
  /** The winning cause; `unknown` when nobody voted. */
  winner: RootCause;
  /** Causes with the winner's weight, winner first: the director may pick any of them. */
  tied: RootCause[];
  /** What decided between equal weights, when something had to. */
  tieBreak: "confidence" | "evidence" | "taxonomy" | null;
  /** The ensemble's confidence in the winner (0 when nobody voted). */
  confidence: number;
  abstained: Specialist[];
};

// Confidences come with two decimals; sums are compared at a finer grain than that.
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

export function abstains(vote: Pick<Vote, "specialist" | "rootCause" | "confidence">): boolean {
  return vote.rootCause === "unknown" || !(vote.confidence > 0) || !inDomain(vote.specialist, vote.rootCause);
}

export function tally(votes: readonly Vote[]): Tally {
  const byCause = new Map<RootCause, CauseTotal>();
  const abstained: Specialist[] = [];
  for (const v of votes) {
    if (abstains(v)) {
      abstained.push(v.specialist);
      continue;
    }
    const confidence = Math.min(1, v.confidence);
    const t = byCause.get(v.rootCause) ?? { cause: v.rootCause, weight: 0, voters: [], maxConfidence: 0, meanConfidence: 0, citations: [] };
    t.weight += confidence;
    t.voters.push(v.specialist);
    t.maxConfidence = Math.max(t.maxConfidence, confidence);
    t.citations = [...new Set([...t.citations, ...v.citations])];
    byCause.set(v.rootCause, t);
  }
  const totals = [...byCause.values()].map((t) => ({
    ...t,
    weight: round(t.weight, 6),
    meanConfidence: round(t.weight / t.voters.length, 4),
  }));
  totals.sort((a, b) => order(a, b).diff);
  const top = totals[0];
  if (!top) return { totals, winner: "unknown", tied: [], tieBreak: null, confidence: 0, abstained };
  const tied = totals.filter((t) => same(t.weight, top.weight));
  const result: Tally = {
    totals,
    winner: top.cause,
    tied: tied.map((t) => t.cause),
    tieBreak: tied.length > 1 ? order(tied[0]!, tied[1]!).by : null,
    confidence: 0,
    abstained,
  };
  return { ...result, confidence: confidenceOf(result, top.cause) };
}

/** The ranking: weight, then the tie-breaks in order; `by` names what decided. */
function order(a: CauseTotal, b: CauseTotal): { diff: number; by: Tally["tieBreak"] } {
  if (!same(a.weight, b.weight)) return { diff: b.weight - a.weight, by: null };
  if (!same(a.maxConfidence, b.maxConfidence)) return { diff: b.maxConfidence - a.maxConfidence, by: "confidence" };
  if (a.citations.length !== b.citations.length) return { diff: b.citations.length - a.citations.length, by: "evidence" };
  return { diff: rootCauses.indexOf(a.cause) - rootCauses.indexOf(b.cause), by: "taxonomy" };
}

/** Specialists in their fixed order, for display and for stable output. */
export function bySpecialist<T extends { specialist: Specialist }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => specialists.indexOf(a.specialist) - specialists.indexOf(b.specialist));
}

/** The ensemble's confidence in any cause that got votes (a director may pick a tied one). */
export function confidenceOf(t: Tally, cause: string): number {
  const total = t.totals.find((c) => c.cause === cause);
  const all = t.totals.reduce((n, c) => n + c.weight, 0);
  return total && all > 0 ? round((total.weight / all) * total.meanConfidence) : 0;
}
