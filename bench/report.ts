// Prints one round's figures side by side, with the integrity verdicts (bench/rounds.ts prints the spread and the goals).
import os from "node:os";
import type { SideFigures } from "./stats";
import type { BenchOptions } from "./options";
import { integrityProblems } from "./verify";

const LABELS: Record<string, string> = { vigil: "Vigil (Next.js + Prisma)", baseline: "baseline (node:http + pg)" };

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

export function integrityLine(f: SideFigures): string {
  const others = integrityProblems(f.integrity, f.errors).filter((p) => !/ (lost|duplicated)$/.test(p)).length;
  return `${f.integrity.lost} lost, ${f.integrity.duplicated} duplicated${others ? ` (+${others} other problems, see below)` : ""}`;
}

/** A figure per side, or a section title. */
type Row = [string, (f: SideFigures) => string] | string;

function pacedRows(rate: number): Row[] {
  return [
    `paced: ${rate} alerts/s offered, latency from each scheduled send`,
    ["alerts/s", (f) => fixed(f.paced?.alertsPerS ?? NaN)],
    ["p50 latency", (f) => `${fixed(f.paced?.p50Ms ?? NaN, 1)} ms`],
    ["p99 latency", (f) => `${fixed(f.paced?.p99Ms ?? NaN, 1)} ms`],
    ["max latency", (f) => `${fixed(f.paced?.maxMs ?? NaN, 1)} ms`],
  ];
}

export function printReport(options: BenchOptions, sides: SideFigures[], title = ""): void {
  const rows: Row[] = [
    "as fast as it answers: each sender posts again as soon as it has its answer",
    ["alerts/s", (f) => fixed(f.alertsPerS)],
    ["requests/s", (f) => fixed(f.requestsPerS)],
    ["p50 latency", (f) => `${fixed(f.p50Ms, 1)} ms`],
    ["p99 latency", (f) => `${fixed(f.p99Ms, 1)} ms`],
    ["max latency", (f) => `${fixed(f.maxMs, 1)} ms`],
    [
      "CPU ms/request",
      (f) =>
        `server ${fixed(f.cpuMsPerRequest.server, 2)}, postgres ${fixed(f.cpuMsPerRequest.postgres, 2)}, senders ${fixed(f.cpuMsPerRequest.client, 2)}`,
    ],
    ["machine busy", (f) => `${fixed(f.cpu.machineBusyPct)}% of ${os.cpus().length} CPUs`],
    ...(options.rate > 0 ? pacedRows(options.rate) : []),
    "whole run (warm-up and both phases)",
    ["errors", (f) => `${f.errors} of ${f.sent} requests`],
    ["stored alerts", (f) => `${f.integrity.stored} (distinct sent: ${f.integrity.distinctSent})`],
    ["integrity", integrityLine],
    ["audit events", (f) => `${f.integrity.auditEvents}, chain ${f.integrity.chain}`],
  ];
  const figures = rows.filter((r): r is Exclude<Row, string> => typeof r !== "string");
  const width = Math.max(...sides.map((s) => Math.max(LABELS[s.name]!.length, ...figures.map(([, v]) => v(s).length)))) + 2;
  console.log(
    `\nAlertmanager ingest: ${options.senders} senders, 5-alert payloads, ${options.warmupS} s warm-up + ${options.durationS} s measured per side, ` +
      `DB pool ${options.poolSize}, ${os.cpus().length} CPUs, Node ${process.versions.node}${title ? `; ${title}` : ""}\n`,
  );
  console.log(`  ${"".padEnd(16)}${sides.map((s) => LABELS[s.name]!.padEnd(width)).join("")}`);
  for (const row of rows) {
    if (typeof row === "string") console.log(`-- ${row}`);
    else console.log(`  ${row[0].padEnd(16)}${sides.map((s) => row[1](s).padEnd(width)).join("")}`);
  }
}
