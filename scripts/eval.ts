// npm run eval -- [--scenarios DIR]... [--generate N --seed S|random [--seed ...]] [--json]
//                 [--floor rootCause=0.9,remediation=…,recall=…,unsafe=0,confidentlyWrong=0.03]
//                 [--engine rules|model|both|ensemble] [--model NAME] [--timeout SECONDS]
//                 [--budget TOKENS] [--concurrency N] [--workers N] [--verbose]
// Scores the RCA pipeline on incident scenarios as FORMAT.md defines: each scenario is
// replayed through the sandbox cluster and a fake Prometheus into the same collector and
// engine an incident runs through. Each `--scenarios DIR` is a set named by its folder;
// `--generate N --seed S` adds N generated scenarios (`--seed random` picks one from the clock
// and prints it). With neither, the public set shipped as fixtures. Per set: the rows (only
// the wrong ones for sets over 50), the summary, a confusion matrix, the confidently wrong
// rate and the calibration. Invalid scenario files are listed at the end, and exit 1.
// `--engine model` asks Ollama (OLLAMA_HOST, OLLAMA_MODEL or --model), with the rules
// standing in where the model fails; `both` also scores the rules alone, side by side.
// `ensemble` scores the ensemble of specialists (lib/rca/ensemble) beside the single prompt:
// with OLLAMA_HOST both ask the model; without it, the rule engine beside rule specialists.
// `--concurrency N`: replays in flight at once (default 1, or 8 for sets over 50); `--workers N`:
// worker threads they run on (default 0, or one per core up to 4 for sets over 50; 0: this
// thread). Either way the engines take the scenarios one at a time, in order.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { loadScenarioDir, publicScenariosDir, type InvalidScenario } from "@/lib/scenarios/load";
import { env } from "@/lib/env";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";
import { evalEngines, type EvalEngine, type EvalModel, type EvalTrace } from "@/lib/eval/run";
import { evalJson, runEvalSets, type EvalSet } from "@/lib/eval/sets";
import { invalidLines, setLines } from "@/lib/eval/print-set";
import { generatedSet, parseSeed } from "@/lib/eval/generated";
import { brokenFloors, parseFloors, type Floors } from "@/lib/eval/floors";
import { argValues, parseArgs } from "./args";

const argv = process.argv.slice(2);
const args = parseArgs(argv);
const engine = String(args.get("engine") ?? "rules") as EvalEngine;
const budget = args.has("budget") ? Number(args.get("budget")) : undefined;
const json = args.has("json");
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!evalEngines.includes(engine)) fail(`unknown engine "${engine}": use --engine rules, model, both or ensemble`);
const concurrency = args.has("concurrency") ? Number(args.get("concurrency")) : undefined;
if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) fail(`--concurrency must be a whole number ≥ 1`);
const workers = args.has("workers") ? Number(args.get("workers")) : undefined;
if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) fail(`--workers must be a whole number ≥ 0`);

// Every set is read (or generated) before anything runs: a typo fails at once, not after an hour.
const sets: EvalSet[] = [];
const invalid: InvalidScenario[] = [];
const dirs = argValues(argv, "scenarios").map((d) => (typeof d === "string" ? d : fail(`--scenarios needs a directory`)));
const generate = args.get("generate");
for (const dir of dirs.length || generate !== undefined ? dirs : [publicScenariosDir]) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`--scenarios ${dir}: not a directory`);
  const loaded = loadScenarioDir(dir);
  const name = path.basename(path.resolve(dir));
  // Two folders of the same name (a/public, b/public) keep their path, so the sets stay apart.
  sets.push({ name: dirs.filter((d) => path.basename(path.resolve(d)) === name).length > 1 ? dir : name, scenarios: loaded.scenarios });
  invalid.push(...loaded.invalid);
}
if (generate !== undefined) {
  const count = Number(generate);
  if (!(Number.isInteger(count) && count >= 1)) fail(`--generate needs a number of scenarios ≥ 1`);
  const seeds = argValues(argv, "seed");
  if (seeds.length === 0) fail(`--generate needs --seed S (a whole number, 0 to 4294967295) or --seed random`);
  // Each --seed is a set of its own (CI runs its fixed seed and a random one).
  for (const given of seeds) {
    const seed = parseSeed(given) ?? fail(`--seed ${String(given)}: use a whole number, 0 to 4294967295, or random`);
    // Printed before the run and apart from --json's stdout, so a crash still leaves the seed behind.
    if (given === "random") console.error(`--seed random picked seed ${seed}: rerun with --generate ${count} --seed ${seed}`);
    const generated = await generatedSet(count, seed);
    console.error(`generated ${count} scenarios (seed ${seed}) in ${(generated.ms / 1000).toFixed(1)} s`);
    sets.push(generated.set);
    invalid.push(...generated.invalid);
  }
}
let wanted: Floors = {};
try {
  wanted = parseFloors(argValues(argv, "floor").map((v) => (typeof v === "string" ? v : fail(`--floor needs measure=value`))));
} catch (err) {
  fail((err as Error).message);
}

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
const run = await runEvalSets({
  sets,
  invalid,
  engine,
  budget,
  model,
  concurrency,
  workers,
  onScenario: verbose(engine === "ensemble" ? "single" : ""),
  onEnsemble: verbose("ensemble"),
  // Text goes out set by set, so a long run shows its first sets while the rest are scored.
  onSet: (set) => {
    if (!json) console.log(setLines(set).join("\n"));
  },
});

if (json) console.log(JSON.stringify(evalJson(run), null, 2));
// Then the floors each set must hold (--floor), and a failing exit when one is broken.
const broken = run.sets.flatMap((set) => brokenFloors(set, wanted));
if (Object.keys(wanted).length)
  (json ? console.error : console.log)(
    broken.length
      ? `\nfloors broken:\n${broken.map((b) => `  ✗ ${b}`).join("\n")}`
      : `\nfloors held: ${Object.entries(wanted)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
  );
if (broken.length) process.exitCode = 1;
// Last, after every report: each file that could not be scored, and a failing exit.
if (invalid.length) {
  (json ? console.error : console.log)(invalidLines(invalid).join("\n"));
  process.exitCode = 1;
}

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
