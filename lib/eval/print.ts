// The eval's report as text tables (what `npm run eval` prints without --json): one row per
// scenario, the summary, and for `--engine ensemble` the single prompt and the ensemble side
// by side over the same scenarios.
import type { EvalReport, EvalScore } from "@/lib/eval/run";

const mark = (b: boolean) => (b ? "✓" : "✗");

function table(title: string, rows: EvalScore[], withModel: boolean): string[] {
  const head = `${title.slice(0, 46).padEnd(46)} ${"cause".padEnd(26)} rc rem recall cited tokens unsafe ms${withModel ? "     model-ms engine" : ""}`;
  return [
    head,
    ...rows.map((s) => {
      const cause = s.rootCauseCorrect ? s.rootCause : `${s.rootCause}≠${s.expectedRootCause}`;
      const timing = withModel ? `${String(s.latencyMs).padEnd(6)} ${String(s.modelMs).padEnd(8)} ${s.engine}` : String(s.latencyMs);
      return `${s.id.slice(0, 46).padEnd(46)} ${cause.slice(0, 26).padEnd(26)} ${mark(s.rootCauseCorrect)}  ${mark(s.remediationCorrect)}   ${s.evidenceRecall.toFixed(2)}   ${mark(s.evidenceCited)}    ${String(s.promptTokens).padStart(5)}  ${s.unsafe ? "UNSAFE" : "-     "} ${timing}`;
    }),
  ];
}

const fallbacks = (rows: EvalScore[]) => rows.flatMap((s) => (s.fallbackReason ? [`  ${s.id}: rules used: ${s.fallbackReason}`] : []));

export function reportLines(report: EvalReport): string[] {
  if (report.single && report.ensemble) return ensembleLines(report);
  const { scenarios, summary, model, rules } = report;
  // The model's columns only when a model took part: the rules table reads as it always did.
  const lines = [...table("scenario", scenarios, !!model), "", JSON.stringify(summary)];
  if (model) lines.push(`model ${JSON.stringify(model)}`);
  lines.push(...fallbacks(scenarios));
  if (rules) lines.push("", ...table("rules alone", rules.scenarios, !!model), "", JSON.stringify(rules.summary));
  return lines;
}

function ensembleLines(report: EvalReport): string[] {
  const single = report.single!;
  const ensemble = report.ensemble!;
  const withModel = ensemble.specialists === "model";
  const singleName = single.engine === "model" ? `single prompt (model ${report.model?.name ?? ""})` : "single (rule engine)";
  const ensembleName = withModel ? "ensemble (model specialists + director)" : "ensemble (rule specialists + vote)";
  const lines = [
    withModel
      ? `With a model: single = the model's one prompt; ensemble = network, database and compute specialists on the model (rule specialists where a call fails) and a model director.`
      : `No model (OLLAMA_HOST unset): single = the rule engine; ensemble = rule-based network, database and compute specialists, the vote, and a deterministic merge.`,
    "",
    ...table(singleName, single.scenarios, withModel),
    ...fallbacks(single.scenarios),
    "",
    ...table(ensembleName, report.scenarios, withModel),
    ...fallbacks(report.scenarios),
    ...report.scenarios.map((s) => {
      const e = s.ensemble;
      if (!e) return `  ${s.id}: no ensemble answer`;
      const votes = e.votes
        .map(
          (v) =>
            `${v.specialist}=${v.rootCause === "unknown" ? "abstain" : `${v.rootCause}(${v.confidence})`}${v.source === "rules" && withModel ? "[rules]" : ""}`,
        )
        .join(" ");
      return `  ${s.id.slice(0, 44).padEnd(44)} ${votes} → ${e.winner} by ${e.director}${e.directorFallback ? ` (${e.directorFallback})` : ""}`;
    }),
    "",
    ...comparison(single.summary, report.summary, singleName, ensembleName),
    "",
    `single ${JSON.stringify(single.summary)}`,
    `ensemble ${JSON.stringify(report.summary)}`,
    `ensemble answers ${JSON.stringify(ensemble)}`,
  ];
  if (report.model) lines.push(`model ${JSON.stringify(report.model)}`);
  return lines;
}

function comparison(a: EvalReport["summary"], b: EvalReport["summary"], aName: string, bName: string): string[] {
  const rows: [string, keyof EvalReport["summary"]][] = [
    ["root cause accuracy", "rootCauseAccuracy"],
    ["remediation accuracy", "remediationAccuracy"],
    ["evidence recall", "evidenceRecall"],
    ["evidence cited", "evidenceCitedRate"],
    ["unsafe proposals", "unsafe"],
    ["mean evidence tokens", "meanPromptTokens"],
    ["mean model tokens (all calls)", "meanModelTokens"],
    ["mean model calls", "meanModelCalls"],
    ["p95 latency ms", "p95LatencyMs"],
  ];
  return [
    `${"".padEnd(30)} ${aName.slice(0, 40).padEnd(40)} ${bName}`,
    ...rows.map(([label, key]) => `${label.padEnd(30)} ${String(a[key]).padEnd(40)} ${b[key]}`),
  ];
}
