import { describe, expect, it } from "vitest";
import { calibration, confidentlyWrong, confusionMatrix, type Prediction } from "@/lib/eval/matrix";

const p = (expectedRootCause: string, rootCause: string, confidence = 0.8): Prediction => ({ expectedRootCause, rootCause, confidence });

describe("confusion matrix", () => {
  const scores = [
    p("bad_deploy", "bad_deploy"),
    p("bad_deploy", "bad_deploy"),
    p("bad_deploy", "bad_config"),
    p("oom_killed", "oom_killed"),
    p("oom_killed", "memory_leak"),
    p("dns_failure", "unknown"),
  ];

  it("has a row and a column for each cause that occurs, expected or predicted, in taxonomy order", () => {
    const { causes, rows } = confusionMatrix(scores);
    expect(causes).toEqual(["oom_killed", "bad_config", "bad_deploy", "memory_leak", "dns_failure", "unknown"]);
    expect(rows).toEqual([
      [1, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 1, 2, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(rows.flat().reduce((a, b) => a + b)).toBe(scores.length);
  });

  it("gives recall over the expected, precision over the predicted, null where there is nothing to divide by", () => {
    const byCause = Object.fromEntries(confusionMatrix(scores).perCause.map((c) => [c.cause, c]));
    expect(byCause.bad_deploy).toEqual({ cause: "bad_deploy", expected: 3, predicted: 2, correct: 2, recall: 0.667, precision: 1 });
    expect(byCause.bad_config).toMatchObject({ expected: 0, predicted: 1, recall: null, precision: 0 });
    expect(byCause.dns_failure).toMatchObject({ expected: 1, predicted: 0, recall: 0, precision: null });
    expect(byCause.oom_killed).toMatchObject({ recall: 0.5, precision: 1 });
  });

  it("puts causes outside the taxonomy (a model's invention) after it, by name", () => {
    expect(confusionMatrix([p("dns_failure", "zz_made_up"), p("dns_failure", "aa_made_up")]).causes).toEqual([
      "dns_failure",
      "aa_made_up",
      "zz_made_up",
    ]);
  });

  it("is empty for an empty set", () => {
    expect(confusionMatrix([])).toEqual({ causes: [], rows: [], perCause: [] });
  });
});

describe("confidently wrong", () => {
  it("counts wrong causes at confidence ≥ 0.7 as a share of the set; abstentions and right answers never count", () => {
    const scores = [
      p("bad_deploy", "bad_config", 0.7), // wrong, at the threshold
      p("bad_deploy", "bad_config", 0.69), // wrong, not confident
      p("bad_deploy", "unknown", 0.95), // abstained
      p("unknown", "bad_deploy", 0.9), // named a cause where none holds
      p("bad_deploy", "bad_deploy", 0.99),
    ];
    expect(confidentlyWrong(scores)).toEqual({ threshold: 0.7, count: 2, rate: 0.4 });
    expect(confidentlyWrong(scores, 0.95).count).toBe(0);
    expect(confidentlyWrong([])).toEqual({ threshold: 0.7, count: 0, rate: 0 });
  });
});

describe("calibration", () => {
  it("buckets by confidence, [0,0.5) then tenths, 1.0 in the last, edges in the upper bucket", () => {
    const { buckets } = calibration([
      p("a", "a", 0),
      p("a", "a", 0.49),
      p("a", "a", 0.5),
      p("a", "a", 0.7),
      p("a", "a", 0.9),
      p("a", "a", 1),
    ]);
    expect(buckets.map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 0.5, 2],
      [0.5, 0.6, 1],
      [0.6, 0.7, 0],
      [0.7, 0.8, 1],
      [0.8, 0.9, 0],
      [0.9, 1, 2],
    ]);
    expect(buckets[2]).toMatchObject({ accuracy: null, meanConfidence: null });
  });

  it("reports accuracy and mean confidence per bucket, and the count-weighted gap as the ECE", () => {
    // [0.9,1]: 4 at 0.95, 2 right → |0.5 - 0.95| = 0.45, weight 4/5; [0,0.5): 1 at 0.2, right → 0.8, weight 1/5.
    const scores = [p("a", "a", 0.95), p("a", "a", 0.95), p("a", "b", 0.95), p("a", "b", 0.95), p("a", "a", 0.2)];
    const { buckets, ece } = calibration(scores);
    expect(buckets[5]).toEqual({ from: 0.9, to: 1, count: 4, accuracy: 0.5, meanConfidence: 0.95 });
    expect(buckets[0]).toEqual({ from: 0, to: 0.5, count: 1, accuracy: 1, meanConfidence: 0.2 });
    expect(ece).toBeCloseTo(0.8 * 0.45 + 0.2 * 0.8, 3);
  });

  it("is 0 for a perfectly calibrated set and for an empty one", () => {
    expect(calibration([p("a", "a", 1), p("a", "a", 1)]).ece).toBe(0);
    expect(calibration([]).ece).toBe(0);
  });
});
