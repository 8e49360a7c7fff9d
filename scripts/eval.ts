// npm run eval -- [--scenarios DIR] [--json] [--engine rules|model|both|ensemble] [--model NAME]
//                 [--timeout SECONDS] [--budget TOKENS] [--verbose]
// Scores the RCA pipeline on incident scenarios as FORMAT.md defines: each scenario is
// replayed through the sandbox cluster and a fake Prometheus into the same collector and
// engine an incident runs through. Default scenarios: the public set shipped as fixtures.
// `--engine model` asks Ollama (OLLAMA_HOST, OLLAMA_MODEL or --model), with the rules
// standing in where the model fails; `both` also scores the rules alone, side by side.
// `ensemble` scores the ensemble of specialists (lib/rca/ensemble) beside the single prompt:
// with OLLAMA_HOST both ask the model; without it, the rule engine beside rule specialists.
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { env } from "@/lib/env";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";
import { evalEngines, runEval, type EvalEngine, type EvalModel, type EvalTrace } from "@/lib/eval/run";
import { reportLines } from "@/lib/eval/print";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const dir = typeof args.get("scenarios") === "string" ? String(args.get("scenarios")) : publicScenariosDir;
const engine = String(args.get("engine") ?? "rules") as EvalEngine;
const budget = args.has("budget") ? Number(args.get("budget")) : undefined;
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!evalEngines.includes(engine)) fail(`unknown engine "${engine}": use --engine rules, model, both or ensemble`);

// The ensemble runs without a model too (rule specialists); the other model engines need one.
const model = engine === "rules" || (engine === "ensemble" && !env.OLLAMA_HOST) ? undefined : await connectModel();
const verbose =
  (by: string) =>
  ({ scenario, replay, rca, score }: EvalTrace) => {
    if (!args.has("verbose")) return;
    const via = score.engine === "rules" ? `rules${score.fallbackReason ? ` (${score.fallbackReason})` : ""}` : score.engine;
    console.error(
      `\n== ${by ? `${by} ` : ""}${scenario.id}: ${rca.rootCause} (${rca.confidence}) expected ${scenario.expected!.rootCause}; action ${rca.actions[0]?.action}; by ${via}\n${replay.context.text}\n-- ${rca.summary}\n${rca.reasoning}`,
    );
  };
const report = await runEval({
  scenarios: loadScenarios(dir),
  engine,
  budget,
  model,
  onScenario: verbose(engine === "ensemble" ? "single" : ""),
  onEnsemble: verbose("ensemble"),
});

if (args.has("json")) console.log(JSON.stringify(report, null, 2));
else console.log(reportLines(report).join("\n"));

async function connectModel(): Promise<EvalModel> {
  const host =
    env.OLLAMA_HOST ?? fail(`--engine ${engine} needs a model: set OLLAMA_HOST (e.g. http://127.0.0.1:11434), and OLLAMA_MODEL or --model`);
  const name = typeof args.get("model") === "string" ? String(args.get("model")) : env.OLLAMA_MODEL;
  const timeoutS = args.has("timeout") ? Number(args.get("timeout")) : 120;
  if (!(timeoutS > 0)) fail(`--timeout must be a positive number of seconds`);
  const client = createOllamaClient({ host });
  // Fail fast on a wrong host or model instead of scoring a dozen fallbacks.
  const models = await client
    .listModels(AbortSignal.timeout(10_000))
    .catch((err: Error) => fail(`cannot reach Ollama at ${host}: ${err.message}`));
  const tagged = (m: string) => (m.includes(":") ? m : `${m}:latest`);
  if (!models.map(tagged).includes(tagged(name)))
    fail(`model "${name}" is not on ${host} (it has ${models.join(", ") || "none"}): ollama pull ${name}`);
  return { client, name, guard: createModelGuard(), ensembleGuard: createModelGuard(), timeoutMs: timeoutS * 1000 };
}
