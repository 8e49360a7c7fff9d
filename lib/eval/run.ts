// Runs the offline eval over scenarios with one engine — rules, model (the rules standing
// in whenever the model fails, exactly as an incident would), both side by side, or the
// ensemble beside the single prompt — and scores each as FORMAT.md defines. Model time is
// reported apart from the pipeline's; every model call is metered (calls, tokens).
import "server-only";
import type { Scenario } from "@/lib/scenarios/schema";
import type { ModelClient } from "@/lib/model/port";
import { replayEvidence, type Replay } from "@/lib/eval/replay";
import { inOrder } from "@/lib/eval/pool";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { analyzeIncident, type RcaMode } from "@/lib/rca/model/analyze";
import type { EnsembleResult } from "@/lib/rca/ensemble/ensemble";
import type { ModelGuard, Watchtower } from "@/lib/rca/model/resilience";
import type { Rca } from "@/lib/rca/types";
import { metered } from "@/lib/rca/ensemble/meter";
import { scoreScenario, summarize, type ScenarioScore } from "@/lib/eval/score";

export type EvalEngine = "rules" | "model" | "both" | "ensemble";
export const evalEngines: readonly EvalEngine[] = ["rules", "model", "both", "ensemble"];

/** `ensembleGuard`: the ensemble's own breaker, so the single prompt's failures never skip its calls (and back). */
export type EvalModel = { client: ModelClient; name: string; guard: ModelGuard; timeoutMs: number; ensembleGuard?: ModelGuard };

/** How the ensemble decided one scenario: each vote, and who wrote the merged answer. */
export type EnsembleTrace = {
  votes: { specialist: string; source: "model" | "rules"; rootCause: string; confidence: number; fallbackReason?: string }[];
  winner: string;
  director: "model" | "deterministic";
  directorFallback?: string;
};
export type EvalScore = ScenarioScore & { fallbackReason?: string; ensemble?: EnsembleTrace };
/** One scenario as it went, for --verbose. */
export type EvalTrace = { scenario: Scenario; replay: Replay; rca: Rca; score: EvalScore };

type Side = { scenarios: EvalScore[]; summary: ReturnType<typeof summarize> };

export type EvalReport = {
  scenarios: EvalScore[];
  summary: ReturnType<typeof summarize>;
  /** With a model: how the single prompt fared. */
  model?: { name: string; answered: number; fellBack: number; meanModelMs: number; p95ModelMs: number; watchtower: Watchtower };
  /** With `both`: the rules engine scored on the same replays. */
  rules?: Side;
  /** With `ensemble` (then `scenarios` and `summary` are the ensemble's): the single prompt on
   * the same replays — the model's, or the rule engine's when there is no model. */
  single?: Side & { engine: "model" | "rules" };
  /** With `ensemble`: who answered. Without a model, rule specialists and a deterministic merge. */
  ensemble?: {
    specialists: "model" | "rules";
    /** Specialist answers by source, over all scenarios (three per scenario). */
    answers: { model: number; rules: number };
    director: { model: number; deterministic: number };
    meanModelMs: number;
    p95ModelMs: number;
    watchtower: Watchtower | null;
  };
};

type Replayed = { scenario: Scenario; replay: Replay; replayMs: number } | { scenario: Scenario; error: Error };

export type RunInput = {
  scenarios: Scenario[];
  engine: EvalEngine;
  budget?: number;
  model?: EvalModel;
  /** Replays in flight at once (default 1). The engines still take the scenarios one at a time,
   * in order; with more than one, a scenario's latency is its wall time among the others. */
  concurrency?: number;
  /** Where replays run: in this thread (replayEvidence) or on worker threads (replay-pool.ts). */
  replay?: (scenario: Scenario, budget?: number) => Promise<Replay>;
  /** With it, a scenario whose replay fails is reported here and left out; without, the run fails. */
  onReplayError?: (scenario: Scenario, error: Error) => void;
  onScenario?: (trace: EvalTrace) => void;
  onEnsemble?: (trace: EvalTrace) => void;
};

export async function runEval({
  scenarios,
  engine,
  budget,
  model,
  concurrency = 1,
  replay: replayOne = replayEvidence,
  onReplayError,
  onScenario,
  onEnsemble,
}: RunInput): Promise<EvalReport> {
  if ((engine === "model" || engine === "both") && !model) throw new Error(`the ${engine} engine needs a model`);
  const primary: EvalScore[] = [];
  const rulesSide: EvalScore[] = [];
  const singleSide: EvalScore[] = [];
  // Only the replays overlap (interleaved on their HTTP waits, or in parallel on worker
  // threads); the engines, the model's breaker and the scores see them in input order.
  const replays = inOrder(
    scenarios.filter((s) => s.expected),
    concurrency,
    async (scenario): Promise<Replayed> => {
      const started = performance.now();
      try {
        const replay = await replayOne(scenario, budget);
        return { scenario, replay, replayMs: performance.now() - started };
      } catch (err) {
        return { scenario, error: new Error(`${scenario.id}: replay failed: ${(err as Error).message}`, { cause: err }) };
      }
    },
  );
  for await (const replayed of replays) {
    if ("error" in replayed) {
      if (!onReplayError) throw replayed.error;
      onReplayError(replayed.scenario, replayed.error);
      continue;
    }
    const { scenario, replay, replayMs } = replayed;
    const rulesStarted = performance.now();
    const rules = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
    const rulesScore = scoreScenario(scenario, rules, replay.context, {
      latencyMs: Math.round(replayMs + performance.now() - rulesStarted),
      modelMs: 0,
      engine: "rules",
    });
    if (engine === "ensemble") {
      const single = model ? await analyzed(scenario, replay, replayMs, model, model.guard, "single") : { rca: rules, score: rulesScore };
      singleSide.push(single.score);
      onScenario?.({ scenario, replay, rca: single.rca, score: single.score });
      const ensemble = await analyzed(scenario, replay, replayMs, model, model?.ensembleGuard ?? model?.guard, "ensemble");
      primary.push(ensemble.score);
      onEnsemble?.({ scenario, replay, rca: ensemble.rca, score: ensemble.score });
      continue;
    }
    if (engine === "rules" || !model) {
      primary.push(rulesScore);
      onScenario?.({ scenario, replay, rca: rules, score: rulesScore });
      continue;
    }
    rulesSide.push(rulesScore);
    const { rca, score } = await analyzed(scenario, replay, replayMs, model, model.guard, "single");
    primary.push(score);
    onScenario?.({ scenario, replay, rca, score });
  }

  const report: EvalReport = { scenarios: primary, summary: summarize(primary) };
  const modelSide = engine === "ensemble" ? singleSide : primary;
  if (engine !== "rules" && model) {
    report.model = {
      name: model.name,
      answered: modelSide.filter((s) => s.engine === "model").length,
      fellBack: modelSide.filter((s) => s.engine !== "model").length,
      ...msStats(modelSide),
      watchtower: model.guard.watchtower(),
    };
  }
  if (engine === "both") report.rules = { scenarios: rulesSide, summary: summarize(rulesSide) };
  if (engine === "ensemble") {
    report.single = { engine: model ? "model" : "rules", scenarios: singleSide, summary: summarize(singleSide) };
    const votes = primary.flatMap((s) => s.ensemble?.votes ?? []);
    report.ensemble = {
      specialists: model ? "model" : "rules",
      answers: { model: votes.filter((v) => v.source === "model").length, rules: votes.filter((v) => v.source === "rules").length },
      director: {
        model: primary.filter((s) => s.ensemble?.director === "model").length,
        deterministic: primary.filter((s) => s.ensemble?.director === "deterministic").length,
      },
      ...msStats(primary),
      watchtower: model ? (model.ensembleGuard ?? model.guard).watchtower() : null,
    };
  }
  return report;
}

/** One scenario through analyzeIncident (the incident's own path), metered and scored. */
async function analyzed(
  scenario: Scenario,
  replay: Replay,
  replayMs: number,
  model: EvalModel | undefined,
  guard: ModelGuard | undefined,
  mode: RcaMode,
): Promise<{ rca: Rca; score: EvalScore }> {
  const meter = model ? metered(model.client) : null;
  const setup = model && meter && guard ? { client: meter.client, name: model.name, guard, timeoutMs: model.timeoutMs } : undefined;
  const began = performance.now();
  const analysis = await analyzeIncident({
    evidence: replay.evidence,
    context: replay.context,
    alertStart: replay.alertStart,
    model: setup,
    mode,
  });
  const score: EvalScore = {
    ...scoreScenario(scenario, analysis.primary, replay.context, {
      latencyMs: Math.round(replayMs + performance.now() - began),
      modelMs: analysis.modelMs,
      engine: analysis.engine,
      modelTokens: meter ? meter.usage.promptTokens + meter.usage.completionTokens : 0,
      modelCalls: meter?.usage.calls ?? 0,
    }),
    ...(analysis.fallbackReason ? { fallbackReason: analysis.fallbackReason } : {}),
    ...(analysis.ensemble ? { ensemble: ensembleTrace(analysis.ensemble) } : {}),
  };
  return { rca: analysis.primary, score };
}

function ensembleTrace(ensemble: EnsembleResult): EnsembleTrace {
  return {
    votes: ensemble.specialists.map((s) => ({
      specialist: s.specialist,
      source: s.source,
      rootCause: s.rca.rootCause,
      confidence: s.rca.confidence,
      ...(s.fallbackReason ? { fallbackReason: s.fallbackReason } : {}),
    })),
    winner: ensemble.tally.winner,
    director: ensemble.director.source,
    ...(ensemble.director.fallbackReason ? { directorFallback: ensemble.director.fallbackReason } : {}),
  };
}

function msStats(scores: EvalScore[]): { meanModelMs: number; p95ModelMs: number } {
  const modelMs = scores.map((s) => s.modelMs).sort((a, b) => a - b);
  return {
    meanModelMs: Math.round(modelMs.reduce((a, b) => a + b, 0) / (modelMs.length || 1)),
    p95ModelMs: modelMs[Math.min(modelMs.length - 1, Math.floor(modelMs.length * 0.95))] ?? 0,
  };
}
