// The offline eval over the public scenarios, alone and together with the 23 converted from
// HolmesGPT's recorded fixtures, with the floors the rule engine must hold. Scenarios not in
// the repository are scored the same way, so these are floors, not goals.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { rcaSchema } from "@/lib/rca/types";
import { scoreScenario, summarize, type ScenarioScore } from "@/lib/eval/score";

const realScenariosDir = path.join(publicScenariosDir, "..", "fixtures-real");

async function scoreDir(dir: string): Promise<ScenarioScore[]> {
  const scores: ScenarioScore[] = [];
  for (const scenario of loadScenarios(dir)) {
    const replay = await replayEvidence(scenario);
    const rca = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
    expect(rcaSchema.safeParse(rca).success).toBe(true);
    // Every citation names evidence that exists and that the model would have seen.
    for (const id of rca.citations) expect(replay.context.items.some((i) => i.id === id)).toBe(true);
    scores.push(scoreScenario(scenario, rca, replay.context, { latencyMs: 0, modelMs: 0, engine: "rules" }));
  }
  return scores;
}

describe("eval: rule engine on the public scenarios", () => {
  it("public alone: root cause ≥ 0.9, remediation ≥ 0.85, recall 1.0 within 3,000 tokens, nothing unsafe", async () => {
    const scores = await scoreDir(publicScenariosDir);
    const summary = summarize(scores);
    expect(summary.count).toBeGreaterThanOrEqual(12);
    expect(summary.rootCauseAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.remediationAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(summary.evidenceRecall).toBe(1);
    expect(summary.meanPromptTokens).toBeLessThanOrEqual(3000);
    expect(Math.max(...scores.map((s) => s.promptTokens))).toBeLessThanOrEqual(3000);
    expect(summary.unsafe).toBe(0);
  }, 60_000);

  it("public and public-real together: root cause ≥ 0.95, remediation ≥ 0.9, recall 1.0, nothing unsafe", async () => {
    const summary = summarize([...(await scoreDir(publicScenariosDir)), ...(await scoreDir(realScenariosDir))]);
    expect(summary.count).toBe(35);
    expect(summary.rootCauseAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(summary.remediationAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.evidenceRecall).toBe(1);
    expect(summary.meanPromptTokens).toBeLessThanOrEqual(3000);
    expect(summary.unsafe).toBe(0);
  }, 120_000);
});
