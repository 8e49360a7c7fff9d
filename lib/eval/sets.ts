// The eval over several scenario sets in one run (directories, a generated set): each set
// scored with the same engine on its own, and analysed — confusion matrix, confidently wrong,
// calibration — beside its summary. Invalid scenario files, and scenarios whose replay failed,
// are carried to the end of the run.
import "server-only";
import type { Scenario } from "@/lib/scenarios/schema";
import type { InvalidScenario } from "@/lib/scenarios/load";
import { runEval, type EvalReport, type RunInput } from "@/lib/eval/run";
import { analyze, type Analysis } from "@/lib/eval/matrix";
import { createReplayPool } from "@/lib/eval/replay-pool";
import { availableParallelism } from "node:os";

export type EvalSet = { name: string; scenarios: Scenario[] };

type Side = NonNullable<EvalReport["rules"]>;
export type EvalSetReport = Omit<EvalReport, "rules" | "single"> &
  Analysis & {
    name: string;
    /** Ids of the set's scenarios without `expected`: nothing to score them against. */
    unscored: string[];
    /** Replays that were in flight at once, the worker threads they ran on (0: this thread),
     * and the wall time of the whole set. */
    concurrency: number;
    workers: number;
    elapsedMs: number;
    rules?: Side & Analysis;
    single?: NonNullable<EvalReport["single"]> & Analysis;
  };
/** `invalid`: the files that are not scenarios, then the scenarios whose replay failed. */
export type EvalRun = { sets: EvalSetReport[]; invalid: InvalidScenario[] };

/** Above this many scenarios a set is "big": replays overlap and only wrong rows are printed. */
export const bigSet = 50;
/** Replays in flight by default: one for small sets, so each scenario's latency is its own;
 * several for big ones, where throughput matters and per-scenario latency is not printed. */
export const defaultConcurrency = (count: number) => (count > bigSet ? 8 : 1);
/** Worker threads by default: none for small sets (starting one costs more than it saves); for
 * big ones one per core, as a replay keeps one core busy. */
export const defaultWorkers = (count: number) => (count > bigSet && availableParallelism() > 1 ? Math.min(4, availableParallelism()) : 0);

type SetsInput = Omit<RunInput, "scenarios" | "concurrency"> & {
  sets: EvalSet[];
  invalid?: InvalidScenario[];
  /** Override defaultConcurrency and defaultWorkers for every set. Workers need the CLI's
   * TypeScript loader (tsx): in tests, leave them at 0. */
  concurrency?: number;
  workers?: number;
  /** Each set's report as soon as it is scored (the CLI prints as it goes). */
  onSet?: (report: EvalSetReport) => void;
};

export async function runEvalSets({
  sets,
  invalid: invalidFiles = [],
  concurrency,
  workers,
  onSet,
  ...input
}: SetsInput): Promise<EvalRun> {
  const reports: EvalSetReport[] = [];
  const invalid = [...invalidFiles];
  for (const set of sets) {
    const inFlight = concurrency ?? defaultConcurrency(set.scenarios.length);
    const threads = workers ?? defaultWorkers(set.scenarios.length);
    const started = performance.now();
    const pool = threads > 0 ? createReplayPool(threads) : null;
    const report = await runEval({
      ...input,
      scenarios: set.scenarios,
      concurrency: inFlight,
      ...(pool ? { replay: pool.replay } : {}),
      // A scenario the replay cannot serve is named at the end like an invalid file; the set goes on.
      onReplayError: (scenario, error) =>
        invalid.push({ file: `${set.name}: ${scenario.id}`, error: error.message.replace(`${scenario.id}: `, "") }),
    }).finally(() => pool?.close());
    const { rules, single, ...rest } = report;
    const setReport: EvalSetReport = {
      name: set.name,
      ...rest,
      ...analyze(report.scenarios),
      unscored: set.scenarios.filter((s) => !s.expected).map((s) => s.id),
      concurrency: inFlight,
      workers: threads,
      elapsedMs: Math.round(performance.now() - started),
      ...(rules ? { rules: { ...rules, ...analyze(rules.scenarios) } } : {}),
      ...(single ? { single: { ...single, ...analyze(single.scenarios) } } : {}),
    };
    onSet?.(setReport);
    reports.push(setReport);
  }
  return { sets: reports, invalid };
}

/** What `--json` prints: every set and every invalid file. With a single set its report's fields
 * are also at the top level, as before there were sets, so existing readers keep working. */
export function evalJson(run: EvalRun) {
  const only = run.sets.length === 1 ? run.sets[0]! : undefined;
  return { ...(only ? legacyFields(only) : {}), sets: run.sets, invalid: run.invalid };
}

function legacyFields({ scenarios, summary, model, rules, single, ensemble }: EvalSetReport): EvalReport {
  return { scenarios, summary, model, rules, single, ensemble };
}
