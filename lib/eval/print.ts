// The eval's report as text tables (what `npm run eval` prints without --json): one row per
// scenario — for a big set only the wrong ones, grouped by expected cause — the summary, and
// for `--engine ensemble` the single prompt and the ensemble side by side over the same scenarios.
import type { EvalReport, EvalScore } from "@/lib/eval/run";
import { rootCauses } from "@/lib/scenarios/schema";

const mark = (b: boolean) => (b ? "✓" : "✗");

/** How many rows a set prints: every one, or (big sets) the wrong ones, at most `maxWrongRows`. */
export type RowView = "all" | "wrong";
export const maxWrongRows = 40;

/** A row is wrong when its cause or its remediation is, or it proposed something unsafe. */
export const isWrong = (s: EvalScore) => !s.rootCauseCorrect || !s.remediationCorrect || s.unsafe;

/** The wrong rows, grouped by expected cause in taxonomy order; the most confident first in a group. */
function wrongByCause(rows: EvalScore[]): [string, EvalScore[]][] {
  const order = (c: string) => {
    const i = (rootCauses as readonly string[]).indexOf(c);
    return i < 0 ? rootCauses.length : i;
  };
  const groups = new Map<string, EvalScore[]>();
  for (const s of rows.filter(isWrong)) groups.set(s.expectedRootCause, [...(groups.get(s.expectedRootCause) ?? []), s]);
  return [...groups]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([cause, group]) => [
      cause,
      group
        .map((s, i) => ({ s, i }))
        .sort((a, b) => b.s.confidence - a.s.confidence || a.i - b.i)
        .map(({ s }) => s),
    ]);
}

/** At most `maxWrongRows` wrong rows, shared out between the causes in turn, so one cause that
 * fails a lot cannot hide the others. Returned group by group, as printed. */
function wrongShown(rows: EvalScore[]): [string, EvalScore[], number][] {
  const groups = wrongByCause(rows);
  const take = groups.map(() => 0);
  for (let left = maxWrongRows, more = true; left > 0 && more;) {
    more = false;
    groups.forEach(([, group], g) => {
      if (left > 0 && take[g]! < group.length) {
        take[g]!++;
        left--;
        more = true;
      }
    });
  }
  return groups.map(([cause, group], g) => [cause, group.slice(0, take[g]), group.length]);
}

/** The rows a view prints. */
export function shownRows(rows: EvalScore[], view: RowView): EvalScore[] {
  return view === "all" ? rows : wrongShown(rows).flatMap(([, shown]) => shown);
}

function row(s: EvalScore, withModel: boolean): string {
  const cause = s.rootCauseCorrect ? s.rootCause : `${s.rootCause}≠${s.expectedRootCause}`;
  const timing = withModel ? `${String(s.latencyMs).padEnd(6)} ${String(s.modelMs).padEnd(8)} ${s.engine}` : String(s.latencyMs);
  return `${s.id.slice(0, 46).padEnd(46)} ${cause.slice(0, 26).padEnd(26)} ${mark(s.rootCauseCorrect)}  ${mark(s.remediationCorrect)}   ${s.evidenceRecall.toFixed(2)}   ${mark(s.evidenceCited)}    ${String(s.promptTokens).padStart(5)}  ${s.unsafe ? "UNSAFE" : "-     "} ${timing}`;
}

function table(title: string, rows: EvalScore[], withModel: boolean, view: RowView = "all"): string[] {
  const head = `${title.slice(0, 46).padEnd(46)} ${"cause".padEnd(26)} rc rem recall cited tokens unsafe ms${withModel ? "     model-ms engine" : ""}`;
  if (view === "all") return [head, ...rows.map((s) => row(s, withModel))];
  const groups = wrongShown(rows);
  const wrong = groups.reduce((a, [, , n]) => a + n, 0);
  const shown = groups.reduce((a, [, group]) => a + group.length, 0);
  const lines = [
    `${rows.length} scenarios: only the ${wrong} wrong ones (cause, remediation or unsafe), by expected cause, most confident first`,
    head,
  ];
  for (const [cause, group, n] of groups) {
    lines.push(`-- expected ${cause}: ${n} wrong${group.length < n ? `, ${group.length} shown` : ""}`);
    lines.push(...group.map((s) => row(s, withModel)));
  }
  if (wrong > shown) lines.push(`…and ${wrong - shown} more`);
  return lines;
}

/** Scenarios the rules stood in for: each named, or for a big set counted by reason. */
function fallbacks(rows: EvalScore[], view: RowView = "all"): string[] {
  const fell = rows.filter((s) => s.fallbackReason);
  if (view === "all") return fell.map((s) => `  ${s.id}: rules used: ${s.fallbackReason}`);
  const byReason = new Map<string, number>();
  for (const s of fell) byReason.set(s.fallbackReason!, (byReason.get(s.fallbackReason!) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `  rules used in ${n} scenario${n === 1 ? "" : "s"}: ${reason}`);
}

export function reportLines(report: EvalReport, view: RowView = "all"): string[] {
  if (report.single && report.ensemble) return ensembleLines(report, view);
  const { scenarios, summary, model, rules } = report;
  // The model's columns only when a model took part: the rules table reads as it always did.
  const lines = [...table("scenario", scenarios, !!model, view), "", JSON.stringify(summary)];
  if (model) lines.push(`model ${JSON.stringify(model)}`);
  lines.push(...fallbacks(scenarios, view));
  if (rules) lines.push("", ...table("rules alone", rules.scenarios, !!model, view), "", JSON.stringify(rules.summary));
  return lines;
}

function ensembleLines(report: EvalReport, view: RowView): string[] {
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
    ...table(singleName, single.scenarios, withModel, view),
    ...fallbacks(single.scenarios, view),
    "",
    ...table(ensembleName, report.scenarios, withModel, view),
    ...fallbacks(report.scenarios, view),
    ...shownRows(report.scenarios, view).map((s) => {
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
