// The offline eval over the public scenarios, with the targets the rule engine must meet.
// Scenarios not in the repository are scored the same way, so these are floors, not goals.
import { describe, expect, it } from "vitest";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { rcaSchema } from "@/lib/rca/types";
import { scoreScenario, summarize, type ScenarioScore } from "@/lib/eval/score";

describe("eval: rule engine on the public scenarios", () => {
  it("meets the targets: root cause ≥ 0.9, remediation ≥ 0.85, recall 1.0 within 3,000 tokens, nothing unsafe", async () => {
    const scores: ScenarioScore[] = [];
    for (const scenario of loadScenarios(publicScenariosDir)) {
      const replay = await replayEvidence(scenario);
      const rca = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
      expect(rcaSchema.safeParse(rca).success).toBe(true);
      // Every citation names evidence that exists and that the model would have seen.
      for (const id of rca.citations) expect(replay.context.items.some((i) => i.id === id)).toBe(true);
      scores.push(scoreScenario(scenario, rca, replay.context, { latencyMs: 0, modelMs: 0, engine: "rules" }));
    }
    const summary = summarize(scores);
    expect(summary.count).toBeGreaterThanOrEqual(12);
    expect(summary.rootCauseAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.remediationAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(summary.evidenceRecall).toBe(1);
    expect(summary.meanPromptTokens).toBeLessThanOrEqual(3000);
    expect(Math.max(...scores.map((s) => s.promptTokens))).toBeLessThanOrEqual(3000);
    expect(summary.unsafe).toBe(0);
  }, 60_000);
});
