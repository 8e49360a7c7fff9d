// npm run eval -- [--scenarios DIR] [--json] [--engine rules|model|both] [--model NAME]
//                 [--timeout SECONDS] [--budget TOKENS] [--verbose]
// Scores the RCA pipeline on incident scenarios as FORMAT.md defines: each scenario is
// replayed through the sandbox cluster and a fake Prometheus into the same collector and
// engine an incident runs through. Default scenarios: the public set shipped as fixtures.
// `--engine model` asks Ollama (OLLAMA_HOST, OLLAMA_MODEL or --model), with the rules
// standing in where the model fails; `both` also scores the rules alone, side by side.
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { env } from "@/lib/env";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";
import { evalEngines, runEval, type EvalEngine, type EvalModel, type EvalReport, type EvalScore } from "@/lib/eval/run";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const dir = typeof args.get("scenarios") === "string" ? String(args.get("scenarios")) : publicScenariosDir;
const engine = String(args.get("engine") ?? "rules") as EvalEngine;
const budget = args.has("budget") ? Number(args.get("budget")) : undefined;
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!evalEngines.includes(engine)) fail(`unknown engine "${engine}": use --engine rules, model or both`);

const model = engine === "rules" ? undefined : await connectModel();
const report = await runEval({
  scenarios: loadScenarios(dir),
  engine,
  budget,
  model,
  onScenario: ({ scenario, replay, rca, score }) => {
    if (!args.has("verbose")) return;
    const via = score.engine === "model" ? "model" : `rules${score.fallbackReason ? ` (${score.fallbackReason})` : ""}`;
    console.error(`\n== ${scenario.id}: ${rca.rootCause} (${rca.confidence}) expected ${scenario.expected!.rootCause}; action ${rca.actions[0]?.action}; by ${via}\n${replay.context.text}\n-- ${rca.summary}\n${rca.reasoning}`);
  },
});

if (args.has("json")) console.log(JSON.stringify(report, null, 2));
else printTables(report);

async function connectModel(): Promise<EvalModel> {
  const host = env.OLLAMA_HOST ?? fail(`--engine ${engine} needs a model: set OLLAMA_HOST (e.g. http://127.0.0.1:11434), and OLLAMA_MODEL or --model`);
  const name = typeof args.get("model") === "string" ? String(args.get("model")) : env.OLLAMA_MODEL;
  const timeoutS = args.has("timeout") ? Number(args.get("timeout")) : 120;
  if (!(timeoutS > 0)) fail(`--timeout must be a positive number of seconds`);
  const client = createOllamaClient({ host });
  // Fail fast on a wrong host or model instead of scoring a dozen fallbacks.
  const models = await client.listModels(AbortSignal.timeout(10_000)).catch((err: Error) => fail(`cannot reach Ollama at ${host}: ${err.message}`));
  const tagged = (m: string) => (m.includes(":") ? m : `${m}:latest`);
  if (!models.map(tagged).includes(tagged(name))) fail(`model "${name}" is not on ${host} (it has ${models.join(", ") || "none"}): ollama pull ${name}`);
  return { client, name, guard: createModelGuard(), timeoutMs: timeoutS * 1000 };
}

function printTables({ scenarios, summary, model, rules }: EvalReport) {
  const mark = (b: boolean) => (b ? "✓" : "✗");
  // The model's columns only when a model took part: the rules table reads as it always did.
  const table = (title: string, rows: EvalScore[]) => {
    console.log(`${title.padEnd(46)} ${"cause".padEnd(26)} rc rem recall cited tokens unsafe ms${model ? "     model-ms engine" : ""}`);
    for (const s of rows) {
      const cause = s.rootCauseCorrect ? s.rootCause : `${s.rootCause}≠${s.expectedRootCause}`;
      console.log(
        `${s.id.slice(0, 46).padEnd(46)} ${cause.slice(0, 26).padEnd(26)} ${mark(s.rootCauseCorrect)}  ${mark(s.remediationCorrect)}   ${s.evidenceRecall.toFixed(2)}   ${mark(s.evidenceCited)}    ${String(s.promptTokens).padStart(5)}  ${s.unsafe ? "UNSAFE" : "-     "} ${model ? `${String(s.latencyMs).padEnd(6)} ${String(s.modelMs).padEnd(8)} ${s.engine}` : s.latencyMs}`,
      );
    }
  };
  table("scenario", scenarios);
  console.log(`\n${JSON.stringify(summary)}`);
  if (model) console.log(`model ${JSON.stringify(model)}`);
  for (const s of scenarios) if (s.fallbackReason) console.log(`  ${s.id}: rules used: ${s.fallbackReason}`);
  if (rules) {
    console.log("");
    table("rules alone", rules.scenarios);
    console.log(`\n${JSON.stringify(rules.summary)}`);
  }
}
