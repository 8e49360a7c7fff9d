// Runs the offline eval over scenarios with one engine — rules, model (the rules standing
// in whenever the model fails, exactly as an incident would) or both side by side — and
// scores each as FORMAT.md defines. Model time is reported apart from the pipeline's.
import "server-only";
import type { Scenario } from "@/lib/scenarios/schema";
import type { ModelClient } from "@/lib/model/port";
import { replayEvidence, type Replay } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { analyzeIncident } from "@/lib/rca/model/analyze";
import type { ModelGuard, Watchtower } from "@/lib/rca/model/resilience";
import type { Rca } from "@/lib/rca/types";
import { scoreScenario, summarize, type ScenarioScore } from "@/lib/eval/score";

export type EvalEngine = "rules" | "model" | "both";
export const evalEngines: readonly EvalEngine[] = ["rules", "model", "both"];

export type EvalModel = { client: ModelClient; name: string; guard: ModelGuard; timeoutMs: number };
export type EvalScore = ScenarioScore & { fallbackReason?: string };
/** One scenario as it went, for --verbose. */
export type EvalTrace = { scenario: Scenario; replay: Replay; rca: Rca; score: EvalScore };

export type EvalReport = {
  scenarios: EvalScore[];
  summary: ReturnType<typeof summarize>;
  /** With a model: how it fared. */
  model?: { name: string; answered: number; fellBack: number; meanModelMs: number; p95ModelMs: number; watchtower: Watchtower };
  /** With `both`: the rules engine scored on the same replays. */
  rules?: { scenarios: EvalScore[]; summary: ReturnType<typeof summarize> };
};

export async function runEval({ scenarios, engine, budget, model, onScenario }: { scenarios: Scenario[]; engine: EvalEngine; budget?: number; model?: EvalModel; onScenario?: (trace: EvalTrace) => void }): Promise<EvalReport> {
  if (engine !== "rules" && !model) throw new Error(`the ${engine} engine needs a model`);
  const primary: EvalScore[] = [];
  const rulesSide: EvalScore[] = [];
  for (const scenario of scenarios.filter((s) => s.expected)) {
    const started = performance.now();
    const replay = await replayEvidence(scenario, budget);
    const replayMs = performance.now() - started;
    const rulesStarted = performance.now();
    const rules = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
    const rulesScore = scoreScenario(scenario, rules, replay.context, { latencyMs: Math.round(replayMs + performance.now() - rulesStarted), modelMs: 0, engine: "rules" });
    if (engine === "rules" || !model) {
      primary.push(rulesScore);
      onScenario?.({ scenario, replay, rca: rules, score: rulesScore });
      continue;
    }
    rulesSide.push(rulesScore);
    const analysis = await analyzeIncident({ evidence: replay.evidence, context: replay.context, alertStart: replay.alertStart, model });
    const score: EvalScore = {
      ...scoreScenario(scenario, analysis.primary, replay.context, { latencyMs: Math.round(performance.now() - started), modelMs: analysis.modelMs, engine: analysis.engine }),
      ...(analysis.fallbackReason ? { fallbackReason: analysis.fallbackReason } : {}),
    };
    primary.push(score);
    onScenario?.({ scenario, replay, rca: analysis.primary, score });
  }

  const report: EvalReport = { scenarios: primary, summary: summarize(primary) };
  if (engine !== "rules" && model) {
    const modelMs = primary.map((s) => s.modelMs).sort((a, b) => a - b);
    report.model = {
      name: model.name,
      answered: primary.filter((s) => s.engine === "model").length,
      fellBack: primary.filter((s) => s.engine !== "model").length,
      meanModelMs: Math.round(modelMs.reduce((a, b) => a + b, 0) / (modelMs.length || 1)),
      p95ModelMs: modelMs[Math.min(modelMs.length - 1, Math.floor(modelMs.length * 0.95))] ?? 0,
      watchtower: model.guard.watchtower(),
    };
  }
  if (engine === "both") report.rules = { scenarios: rulesSide, summary: summarize(rulesSide) };
  return report;
}
