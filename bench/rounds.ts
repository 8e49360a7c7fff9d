// Several rounds of both sides: one line per round, the round with the median ratio in
// full, then each figure's median and spread, and the goals judged on the medians. One
// round's ratio moves by ±0.1 on a 2-core machine; a change is real only past the spread.
import type { BenchOptions } from "./options";
import type { SideFigures } from "./stats";

export const GOAL = { alertsPerS: 1_000, p99Ms: 50, ratio: 0.6 };
const LABELS: Record<string, string> = { vigil: "Vigil", baseline: "baseline" };

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

export function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "1014 (955–1040)": the median, then the lowest and highest round. */
export function spread(values: number[], digits = 0): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "-";
  const m = fixed(median(finite), digits);
  return finite.length === 1 ? m : `${m} (${fixed(Math.min(...finite), digits)}–${fixed(Math.max(...finite), digits)})`;
}

const side = (round: SideFigures[], name: string) => round.find((s) => s.name === name);
const ratioOf = (round: SideFigures[]) => (side(round, "vigil")?.alertsPerS ?? NaN) / (side(round, "baseline")?.alertsPerS ?? NaN);
const pacedP99 = (f: SideFigures | undefined) => f?.paced?.p99Ms ?? f?.p99Ms ?? NaN;

export function roundLine(round: number, of: number, results: SideFigures[]): string {
  const parts = results.map(
    (f) =>
      `${LABELS[f.name] ?? f.name} ${fixed(f.alertsPerS)} alerts/s (paced p99 ${fixed(pacedP99(f), 1)} ms, server ${fixed(f.cpuMsPerRequest.server, 2)} ms/request)`,
  );
  const ratio = ratioOf(results);
  return `round ${round}/${of}: ${parts.join("; ")}${Number.isFinite(ratio) ? `; ratio ${fixed(ratio, 2)}` : ""}`;
}

type Goals = { alertsPerS: boolean; p99: boolean; ratio: boolean | null };

export function goalsMet(round: SideFigures[]): Goals {
  const vigil = side(round, "vigil");
  const ratio = ratioOf(round);
  return {
    alertsPerS: (vigil?.alertsPerS ?? 0) >= GOAL.alertsPerS,
    p99: pacedP99(vigil) < GOAL.p99Ms,
    ratio: Number.isFinite(ratio) ? ratio >= GOAL.ratio : null,
  };
}

export function printRounds(
  options: BenchOptions,
  rounds: SideFigures[][],
  printReport: (options: BenchOptions, sides: SideFigures[], title?: string) => void,
): void {
  if (rounds.length === 0) return;
  const ratios = rounds.map(ratioOf);
  const byRatio = rounds.map((r, i) => ({ i, ratio: ratios[i]! })).sort((a, b) => a.ratio - b.ratio);
  const representative = Number.isFinite(byRatio[0]!.ratio) ? byRatio[Math.floor((byRatio.length - 1) / 2)]!.i : rounds.length - 1;
  printReport(options, rounds[representative]!, rounds.length > 1 ? `round ${representative + 1} of ${rounds.length} (median ratio)` : "");
  if (rounds.length > 1) {
    const rows: [string, (f: SideFigures) => number, number][] = [
      ["alerts/s", (f) => f.alertsPerS, 0],
      ["paced p99 ms", (f) => pacedP99(f), 1],
      ["server ms/req", (f) => f.cpuMsPerRequest.server, 2],
      ["postgres ms/req", (f) => f.cpuMsPerRequest.postgres, 2],
    ];
    console.log(`\nspread over ${rounds.length} rounds: median (lowest–highest)`);
    console.log(`  ${"".padEnd(16)}${options.sides.map((s) => (LABELS[s] ?? s).padEnd(26)).join("")}`);
    for (const [label, value, digits] of rows) {
      const cells = options.sides.map((s) =>
        spread(
          rounds.map((r) => (side(r, s) ? value(side(r, s)!) : NaN)),
          digits,
        ),
      );
      console.log(`  ${label.padEnd(16)}${cells.map((c) => c.padEnd(26)).join("")}`);
    }
  }
  if (!options.sides.includes("vigil")) return;
  const vigilMedian = (value: (f: SideFigures) => number) => median(rounds.map((r) => (side(r, "vigil") ? value(side(r, "vigil")!) : NaN)));
  const ratio = median(ratios);
  if (Number.isFinite(ratio)) console.log(`\nthroughput ratio Vigil/baseline: ${spread(ratios, 2)}`);
  const mark = (ok: boolean, key: keyof Goals) => {
    const metIn = rounds.map(goalsMet).filter((g) => g[key] === true).length;
    return `${ok ? "met" : "MISSED"}${rounds.length > 1 ? ` (${metIn} of ${rounds.length} rounds)` : ""}`;
  };
  const parts = [
    `>= ${GOAL.alertsPerS} alerts/s ${mark(vigilMedian((f) => f.alertsPerS) >= GOAL.alertsPerS, "alertsPerS")}`,
    `p99 < ${GOAL.p99Ms} ms at ${options.rate} alerts/s ${mark(vigilMedian(pacedP99) < GOAL.p99Ms, "p99")}`,
  ];
  if (Number.isFinite(ratio)) parts.push(`ratio >= ${GOAL.ratio} ${mark(ratio >= GOAL.ratio, "ratio")}`);
  console.log(`goal (medians): ${parts.join(", ")}`);
}
