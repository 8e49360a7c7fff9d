// A set's report as text: a heading, the tables and summary (print.ts), then the confusion
// matrix, the confidently wrong rate and the calibration. And the invalid files, last.
import type { InvalidScenario } from "@/lib/scenarios/load";
import type { Analysis } from "@/lib/eval/matrix";
import type { EvalSetReport } from "@/lib/eval/sets";
import { reportLines } from "@/lib/eval/print";
import { bigSet } from "@/lib/eval/sets";

/** Short column heads for the matrix; the legend under it spells them out. */
const abbreviations: Record<string, string> = {
  oom_killed: "oom",
  bad_config: "cfg",
  bad_deploy: "dpl",
  image_pull: "img",
  cpu_saturation: "cpu",
  memory_leak: "leak",
  dependency_failure: "dep",
  db_connection_exhaustion: "dbc",
  probe_failure: "prb",
  node_pressure: "node",
  capacity_limit: "cap",
  certificate_expired: "cert",
  dns_failure: "dns",
  disk_full: "disk",
  network_policy: "netp",
  unknown: "unk",
};
const abbreviate = (cause: string) => abbreviations[cause] ?? cause.slice(0, 4);
const fixed = (x: number | null) => (x === null ? "-" : x.toFixed(2));

export function setLines(set: EvalSetReport): string[] {
  const n = set.summary.count;
  const perScenario = n ? ` (${(set.elapsedMs / n).toFixed(1)} ms/scenario)` : "";
  const threads = set.workers ? ` on ${set.workers} worker thread${set.workers === 1 ? "" : "s"}` : "";
  const overlap =
    set.concurrency > 1 || set.workers
      ? `, ${set.concurrency} replay${set.concurrency === 1 ? "" : "s"} in flight${threads} (latency is wall time among them)`
      : "";
  const lines = [
    `=== set ${set.name}: ${n} scenario${n === 1 ? "" : "s"} in ${(set.elapsedMs / 1000).toFixed(1)} s${perScenario}${overlap}`,
  ];
  if (set.unscored.length) lines.push(`not scored (no "expected"): ${set.unscored.join(", ")}`);
  if (!n) return [...lines, "no scenarios to score", ""];
  lines.push("", ...reportLines(set, n > bigSet ? "wrong" : "all"), "", ...analysisLines(set));
  // The side scored beside the primary one (`both`: the rules; `ensemble`: the single prompt).
  if (set.rules) lines.push("", `rules alone: ${oneLine(set.rules, n)}`);
  if (set.single) lines.push("", `${set.single.engine === "model" ? "single prompt" : "single (rule engine)"}: ${oneLine(set.single, n)}`);
  return [...lines, ""];
}

export function analysisLines({ confusion, confidentlyWrong, calibration }: Analysis): string[] {
  const total = confusion.rows.flat().reduce((a, b) => a + b, 0);
  const width = Math.max(4, String(total).length) + 1;
  const cell = (v: string) => v.padStart(width);
  const label = Math.max(...confusion.causes.map((c) => c.length)) + 1;
  const lines = [
    "confusion: rows expected cause, columns predicted cause",
    `${"".padEnd(label)}${confusion.causes.map((c) => cell(abbreviate(c))).join("")}      n recall precision`,
    ...confusion.causes.map((c, i) => {
      const stats = confusion.perCause[i]!;
      const cells = confusion.rows[i]!.map((v) => cell(v ? String(v) : ".")).join("");
      return `${c.padEnd(label)}${cells} ${String(stats.expected).padStart(6)} ${fixed(stats.recall).padStart(6)} ${fixed(stats.precision).padStart(9)}`;
    }),
    `columns: ${confusion.causes.map((c) => `${abbreviate(c)}=${c}`).join(" ")}`,
    "",
    `confidently wrong (a wrong cause, not unknown, at confidence ≥ ${confidentlyWrong.threshold}): ${confidentlyWrong.count} of ${total} (${(confidentlyWrong.rate * 100).toFixed(1)}%)`,
    "",
    `calibration: expected calibration error ${calibration.ece.toFixed(3)}`,
    `  confidence  count accuracy mean-conf`,
    ...calibration.buckets.map(
      (b) =>
        `  ${`[${b.from.toFixed(1)},${b.to.toFixed(1)}${b.to === 1 ? "]" : ")"}`.padEnd(10)} ${String(b.count).padStart(6)} ${fixed(b.accuracy).padStart(8)} ${fixed(b.meanConfidence).padStart(9)}`,
    ),
  ];
  return lines;
}

function oneLine({ confidentlyWrong, calibration }: Analysis, n: number): string {
  return `confidently wrong ${confidentlyWrong.count} of ${n} (${(confidentlyWrong.rate * 100).toFixed(1)}%), expected calibration error ${calibration.ece.toFixed(3)}`;
}

export function invalidLines(invalid: InvalidScenario[]): string[] {
  if (!invalid.length) return [];
  return [
    `${invalid.length} invalid scenario${invalid.length === 1 ? "" : "s"}, not scored:`,
    ...invalid.map((i) => `  ${i.file}: ${i.error}`),
  ];
}
