// The math behind a set's report, apart from printing: a confusion matrix of expected against
// predicted cause with per-cause recall and precision, the share of answers that name a wrong
// cause with high confidence, and how well the stated confidence matches the accuracy.
import { rootCauses } from "@/lib/scenarios/schema";

/** What the math needs of a scored scenario. */
export type Prediction = { expectedRootCause: string; rootCause: string; confidence: number };

export type CauseStats = {
  cause: string;
  /** Scenarios whose expected cause this is. */
  expected: number;
  /** Scenarios where the pipeline named this cause. */
  predicted: number;
  correct: number;
  /** correct / expected; null when no scenario expects this cause. */
  recall: number | null;
  /** correct / predicted; null when the pipeline never named it. */
  precision: number | null;
};

export type Confusion = {
  /** Only the causes that occur, expected or predicted: taxonomy order, then any others by name. */
  causes: string[];
  /** rows[i][j]: scenarios expecting causes[i] for which the pipeline named causes[j]. */
  rows: number[][];
  perCause: CauseStats[];
};

const ratio = (a: number, b: number) => (b ? round(a / b) : null);
const round = (x: number) => Number(x.toFixed(3));

export function confusionMatrix(scores: readonly Prediction[]): Confusion {
  const seen = new Set(scores.flatMap((s) => [s.expectedRootCause, s.rootCause]));
  const known: readonly string[] = rootCauses;
  const causes = [...known.filter((c) => seen.has(c)), ...[...seen].filter((c) => !known.includes(c)).sort()];
  const index = new Map(causes.map((c, i) => [c, i]));
  const rows = causes.map(() => causes.map(() => 0));
  for (const s of scores) rows[index.get(s.expectedRootCause)!]![index.get(s.rootCause)!]!++;
  const perCause = causes.map((cause, i) => {
    const expected = rows[i]!.reduce((a, b) => a + b, 0);
    const predicted = rows.reduce((a, row) => a + row[i]!, 0);
    const correct = rows[i]![i]!;
    return { cause, expected, predicted, correct, recall: ratio(correct, expected), precision: ratio(correct, predicted) };
  });
  return { causes, rows, perCause };
}

export const confidentThreshold = 0.7;

export type ConfidentlyWrong = { threshold: number; count: number; rate: number };

/** Answers that name a wrong cause with confidence ≥ threshold, as a count and a share of the set.
 * An abstention (`unknown`) names no cause, so it is never confidently wrong, whatever its confidence. */
export function confidentlyWrong(scores: readonly Prediction[], threshold = confidentThreshold): ConfidentlyWrong {
  const count = scores.filter((s) => s.rootCause !== s.expectedRootCause && s.rootCause !== "unknown" && s.confidence >= threshold).length;
  return { threshold, count, rate: scores.length ? round(count / scores.length) : 0 };
}

export type CalibrationBucket = {
  /** [from, to), the last one [from, 1]. */
  from: number;
  to: number;
  count: number;
  /** Share of the bucket whose cause was right; null when empty. */
  accuracy: number | null;
  meanConfidence: number | null;
};
export type Calibration = { buckets: CalibrationBucket[]; /** expected calibration error, 0..1 */ ece: number };

/** Lower edges of the buckets: below 0.5 is one bucket, then tenths up to 1 inclusive. */
export const calibrationEdges = [0, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/** Accuracy per confidence bucket, and the expected calibration error: the gap between mean
 * confidence and accuracy in each bucket, weighted by the bucket's share of the set. */
export function calibration(scores: readonly Prediction[], edges: readonly number[] = calibrationEdges): Calibration {
  const groups = edges.map(() => [] as Prediction[]);
  for (const s of scores) {
    const c = Math.min(1, Math.max(0, s.confidence));
    let b = 0;
    while (b + 1 < edges.length && c >= edges[b + 1]!) b++;
    groups[b]!.push(s);
  }
  let ece = 0;
  const buckets = groups.map((group, b) => {
    const count = group.length;
    const right = group.filter((s) => s.rootCause === s.expectedRootCause).length;
    const confidence = group.reduce((a, s) => a + Math.min(1, Math.max(0, s.confidence)), 0);
    if (count) ece += (count / scores.length) * Math.abs(right / count - confidence / count);
    return { from: edges[b]!, to: edges[b + 1] ?? 1, count, accuracy: ratio(right, count), meanConfidence: ratio(confidence, count) };
  });
  return { buckets, ece: round(ece) };
}

/** All three for one side of a set, as the report carries them. */
export function analyze(scores: readonly Prediction[]) {
  return { confusion: confusionMatrix(scores), confidentlyWrong: confidentlyWrong(scores), calibration: calibration(scores) };
}
export type Analysis = ReturnType<typeof analyze>;
