// npm run eval -- [--scenarios DIR] [--json] [--engine rules] [--budget TOKENS] [--verbose]
// Scores the RCA pipeline on incident scenarios as FORMAT.md defines: each scenario is
// replayed through the sandbox cluster and a fake Prometheus into the same collector and
// engine an incident runs through. Default scenarios: the public set shipped as fixtures.
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { scoreScenario, summarize, type ScenarioScore } from "@/lib/eval/score";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const dir = typeof args.get("scenarios") === "string" ? String(args.get("scenarios")) : publicScenariosDir;
const engine = String(args.get("engine") ?? "rules");
const budget = args.has("budget") ? Number(args.get("budget")) : undefined;
if (engine !== "rules") {
  console.error(`unknown engine "${engine}": this build scores the rules engine (--engine rules)`);
  process.exit(2);
}

const scenarios = loadScenarios(dir).filter((s) => s.expected);
const scores: ScenarioScore[] = [];
for (const scenario of scenarios) {
  const started = performance.now();
  const replay = await replayEvidence(scenario, budget);
  const rca = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
  const score = scoreScenario(scenario, rca, replay.context, { latencyMs: Math.round(performance.now() - started), modelMs: 0, engine });
  scores.push(score);
  if (args.has("verbose")) {
    console.error(`\n== ${scenario.id}: ${rca.rootCause} (${rca.confidence}) expected ${scenario.expected!.rootCause}; action ${rca.actions[0]?.action}\n${replay.context.text}\n-- ${rca.summary}\n${rca.reasoning}`);
  }
}
const summary = summarize(scores);

if (args.has("json")) {
  console.log(JSON.stringify({ scenarios: scores, summary }, null, 2));
} else {
  const mark = (b: boolean) => (b ? "✓" : "✗");
  console.log(`${"scenario".padEnd(46)} ${"cause".padEnd(26)} rc rem recall cited tokens unsafe ms`);
  for (const s of scores) {
    const cause = s.rootCauseCorrect ? s.rootCause : `${s.rootCause}≠${s.expectedRootCause}`;
    console.log(`${s.id.slice(0, 46).padEnd(46)} ${cause.slice(0, 26).padEnd(26)} ${mark(s.rootCauseCorrect)}  ${mark(s.remediationCorrect)}   ${s.evidenceRecall.toFixed(2)}   ${mark(s.evidenceCited)}    ${String(s.promptTokens).padStart(5)}  ${s.unsafe ? "UNSAFE" : "-"}     ${s.latencyMs}`);
  }
  console.log(`\n${JSON.stringify(summary)}`);
}
