// The offline eval over the public scenarios and the ones converted from HolmesGPT's recorded
// fixtures, together: the floors the rule engine must hold on incidents in the same format.
// Scenarios not in the repository are scored the same way, so these are floors, not goals.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "@/lib/scenarios/load";
import { readdirSync } from "node:fs";
import { publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { rcaSchema } from "@/lib/rca/types";
import { scoreScenario, summarize, type ScenarioScore } from "@/lib/eval/score";

const realDir = path.join(publicScenariosDir, "..", "fixtures-real");
const files = [publicScenariosDir, realDir].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f)));

describe("eval: rule engine on public and public-real together", () => {
  it("root cause ≥ 0.95, remediation ≥ 0.9, recall ≥ 0.97 within 3,000 tokens, nothing unsafe", async () => {
    const scores: ScenarioScore[] = [];
    for (const file of files) {
      const scenario = loadScenario(file);
      const replay = await replayEvidence(scenario);
      const rca = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
      expect(rcaSchema.safeParse(rca).success).toBe(true);
      scores.push(scoreScenario(scenario, rca, replay.context, { latencyMs: 0, modelMs: 0, engine: "rules" }));
    }
    const summary = summarize(scores);
    expect(summary.count).toBe(35);
    expect(summary.rootCauseAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(summary.remediationAccuracy).toBeGreaterThanOrEqual(0.9);
    // One decisive phrase (an app's own startup "Configuration:" line in orca) is not yet kept.
    expect(summary.evidenceRecall).toBeGreaterThanOrEqual(0.97);
    expect(summary.meanPromptTokens).toBeLessThanOrEqual(3000);
    expect(summary.unsafe).toBe(0);
  }, 120_000);
});
