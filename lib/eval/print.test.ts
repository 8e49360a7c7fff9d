// What a set prints: every row for a small set; for a big one only the wrong rows, grouped by
// expected cause and capped; then the matrix, the confidently wrong rate and the calibration.
import { describe, expect, it } from "vitest";
import { reportLines, maxWrongRows } from "@/lib/eval/print";
import { analysisLines } from "@/lib/eval/print-set";
import { analyze } from "@/lib/eval/matrix";
import { summarize } from "@/lib/eval/score";
import type { EvalReport, EvalScore } from "@/lib/eval/run";

const score = (i: number, expected: string, predicted: string, confidence = 0.9): EvalScore => ({
  id: `s-${String(i).padStart(3, "0")}`,
  rootCause: predicted,
  expectedRootCause: expected,
  rootCauseCorrect: expected === predicted,
  confidence,
  remediationCorrect: expected === predicted,
  evidenceRecall: 1,
  evidenceCited: true,
  promptTokens: 500,
  unsafe: false,
  latencyMs: 20,
  modelMs: 0,
  modelTokens: 0,
  modelCalls: 0,
  engine: "rules",
});
const report = (scenarios: EvalScore[]): EvalReport => ({ scenarios, summary: summarize(scenarios) });

describe("reportLines", () => {
  it("prints every row when asked for all", () => {
    const rows = [score(0, "bad_deploy", "bad_deploy"), score(1, "dns_failure", "unknown")];
    const lines = reportLines(report(rows));
    expect(lines.filter((l) => l.startsWith("s-"))).toHaveLength(2);
  });

  it("for a big set prints only the wrong rows, grouped by expected cause, at most 40, then how many more", () => {
    const rows = [
      ...Array.from({ length: 100 }, (_, i) => score(i, "bad_deploy", "bad_deploy")),
      ...Array.from({ length: 30 }, (_, i) => score(100 + i, "dns_failure", "unknown")),
      ...Array.from({ length: 15 }, (_, i) => score(130 + i, "oom_killed", "memory_leak")),
      ...Array.from({ length: 5 }, (_, i) => score(145 + i, "network_policy", "dns_failure")),
    ];
    const lines = reportLines(report(rows), "wrong");
    const shown = lines.filter((l) => l.startsWith("s-"));
    expect(shown).toHaveLength(maxWrongRows);
    expect(shown.every((l) => l.includes("≠"))).toBe(true);
    // Taxonomy order, each cause its turn: 5 network_policy, then 15 oom_killed, 20 dns_failure.
    expect(lines.filter((l) => l.startsWith("-- expected"))).toEqual([
      "-- expected oom_killed: 15 wrong",
      "-- expected dns_failure: 30 wrong, 20 shown",
      "-- expected network_policy: 5 wrong",
    ]);
    expect(lines).toContain("…and 10 more");
    expect(lines[0]).toBe("150 scenarios: only the 50 wrong ones (cause, remediation or unsafe), by expected cause, most confident first");
  });

  it("shows the most confident wrong answers of a cause first", () => {
    const rows = [
      ...Array.from({ length: 60 }, (_, i) => score(i, "bad_deploy", "bad_deploy")),
      score(60, "dns_failure", "unknown", 0.3),
      score(61, "dns_failure", "bad_config", 0.95),
    ];
    const shown = reportLines(report(rows), "wrong").filter((l) => l.startsWith("s-"));
    expect(shown.map((l) => l.slice(0, 5))).toEqual(["s-061", "s-060"]);
  });

  it("counts fallbacks by reason for a big set instead of naming each scenario", () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      ...score(i, "bad_deploy", "bad_deploy"),
      fallbackReason: i < 45 ? "model timed out" : "invalid answer",
    }));
    const lines = reportLines(report(rows), "wrong");
    expect(lines).toContain("  rules used in 45 scenarios: model timed out");
    expect(lines).toContain("  rules used in 15 scenarios: invalid answer");
  });
});

describe("analysisLines", () => {
  it("prints the matrix with abbreviated columns and a legend, the confidently wrong rate and the buckets", () => {
    const rows = [
      score(0, "bad_deploy", "bad_deploy", 0.95),
      score(1, "bad_deploy", "bad_config", 0.8),
      score(2, "dns_failure", "unknown", 0.3),
    ];
    const lines = analysisLines(analyze(rows));
    expect(lines.slice(1, 6)).toEqual([
      "              cfg  dpl  dns  unk      n recall precision",
      "bad_config      .    .    .    .      0      -      0.00",
      "bad_deploy      1    1    .    .      2   0.50      1.00",
      "dns_failure     .    .    .    1      1   0.00         -",
      "unknown         .    .    .    .      0      -      0.00",
    ]);
    expect(lines).toContain("columns: cfg=bad_config dpl=bad_deploy dns=dns_failure unk=unknown");
    expect(lines).toContain("confidently wrong (a wrong cause, not unknown, at confidence ≥ 0.7): 1 of 3 (33.3%)");
    expect(lines).toContain("  [0.9,1.0]       1     1.00      0.95");
    expect(lines).toContain("  [0.0,0.5)       1     0.00      0.30");
    // (|0 - 0.3| + |0 - 0.8| + |1 - 0.95|) / 3
    expect(lines).toContain("calibration: expected calibration error 0.383");
  });
});
