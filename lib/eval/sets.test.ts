// Several sets in one run: each scored and analysed on its own, replays overlapped without
// changing a single score, invalid files carried to the end — in-process and through the CLI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { runEval } from "@/lib/eval/run";
import { replayEvidence } from "@/lib/eval/replay";
import { evalJson, runEvalSets, type EvalSetReport } from "@/lib/eval/sets";
import { generatedSet, parseSeed } from "@/lib/eval/generated";

const scenarios = loadScenarios(publicScenariosDir);
const root = path.resolve(publicScenariosDir, "../../..");
const withoutTiming = ({ latencyMs: _, ...rest }: { latencyMs: number }) => rest;

describe("runEvalSets", () => {
  it("scores and analyses each set apart, in the order given", async () => {
    const seen: string[] = [];
    const run = await runEvalSets({
      sets: [
        { name: "first", scenarios: scenarios.slice(0, 5) },
        { name: "rest", scenarios: scenarios.slice(5) },
      ],
      engine: "rules",
      onSet: (s) => seen.push(s.name),
    });
    expect(seen).toEqual(["first", "rest"]);
    const [first, rest] = run.sets as [EvalSetReport, EvalSetReport];
    expect(first.summary.count).toBe(5);
    expect(rest.summary.count).toBe(scenarios.length - 5);
    expect(rest.scenarios.map((s) => s.id)).toEqual(scenarios.slice(5).map((s) => s.id));
    for (const set of run.sets) {
      expect(set.confusion.rows.flat().reduce((a, b) => a + b, 0)).toBe(set.summary.count);
      expect(set.calibration.buckets.reduce((a, b) => a + b.count, 0)).toBe(set.summary.count);
      expect(set.confidentlyWrong.threshold).toBe(0.7);
      expect(set.concurrency).toBe(1);
      expect(set.scenarios.every((s) => s.confidence >= 0 && s.confidence <= 1)).toBe(true);
    }
    expect(run.invalid).toEqual([]);
  }, 60_000);

  it("names a scenario whose replay fails with the invalid files, and scores the rest", async () => {
    const broken = scenarios[1]!.id;
    const run = await runEvalSets({
      sets: [{ name: "first", scenarios: scenarios.slice(0, 3) }],
      invalid: [{ file: "x.json", error: "not valid JSON: …" }],
      engine: "rules",
      replay: async (scenario, budget) => {
        if (scenario.id === broken) throw new Error("sandbox refused the pod list");
        return replayEvidence(scenario, budget);
      },
    });
    expect(run.sets[0]!.scenarios.map((s) => s.id)).toEqual([scenarios[0]!.id, scenarios[2]!.id]);
    expect(run.invalid).toEqual([
      { file: "x.json", error: "not valid JSON: …" },
      { file: `first: ${broken}`, error: "replay failed: sandbox refused the pod list" },
    ]);
    // Without a handler (runEval alone), a failed replay fails the run, naming the scenario.
    await expect(
      runEval({ scenarios: scenarios.slice(0, 2), engine: "rules", replay: () => Promise.reject(new Error("boom")) }),
    ).rejects.toThrow(`${scenarios[0]!.id}: replay failed: boom`);
  }, 60_000);

  it("gives the same scores, in the same order, with replays overlapped", async () => {
    const one = await runEval({ scenarios, engine: "ensemble", concurrency: 1 });
    const six = await runEval({ scenarios, engine: "ensemble", concurrency: 6 });
    expect(six.scenarios.map(withoutTiming)).toEqual(one.scenarios.map(withoutTiming));
    expect(six.single!.scenarios.map(withoutTiming)).toEqual(one.single!.scenarios.map(withoutTiming));
    expect({ ...six.summary, p95LatencyMs: 0 }).toEqual({ ...one.summary, p95LatencyMs: 0 });
  }, 60_000);

  it("keeps a single set's report at the top of the JSON for existing readers, and lists every set", async () => {
    const run = await runEvalSets({ sets: [{ name: "fixtures", scenarios: scenarios.slice(0, 2) }], engine: "rules" });
    const json = evalJson(run);
    expect(json.scenarios).toBe(run.sets[0]!.scenarios);
    expect(json.summary).toBe(run.sets[0]!.summary);
    expect(json.sets).toHaveLength(1);
    const two = evalJson({ sets: [run.sets[0]!, { ...run.sets[0]!, name: "again" }], invalid: [] });
    expect(Object.keys(two)).toEqual(["sets", "invalid"]);
  }, 60_000);
});

describe("the generated set", () => {
  it("is named by its seed and size, and checks every scenario against the schema", async () => {
    const broken = { ...scenarios[0]!, id: "Not Kebab" };
    const { set, invalid } = await generatedSet(3, 7, ({ count, seed }) => {
      expect({ count, seed }).toEqual({ count: 3, seed: 7 });
      return [scenarios[0]!, broken, scenarios[1]!];
    });
    expect(set.name).toBe("generated (seed 7, 3)");
    expect(set.scenarios.map((s) => s.id)).toEqual([scenarios[0]!.id, scenarios[1]!.id]);
    expect(invalid).toEqual([{ file: "generated (seed 7, 3) #1 Not Kebab", error: expect.stringMatching(/^not a valid scenario: id: /) }]);
  });

  it("takes a whole-number seed, or one from the clock for random", () => {
    expect(parseSeed("42")).toBe(42);
    expect(parseSeed("random", 1_700_000_000_123)).toBe(1_700_000_000_123 % 2 ** 32);
    for (const bad of [undefined, true, "", "-1", "1.5", "abc", String(2 ** 32)] as const)
      expect(parseSeed(bad), String(bad)).toBeUndefined();
  });
});

describe("npm run eval with several sets and a broken file", () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run("npx", ["tsx", "--conditions=react-server", "scripts/eval.ts", ...args], { cwd: root, maxBuffer: 10_000_000 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "vigil-eval-set-"));
    copyFileSync(path.join(publicScenariosDir, "cart-image-tag-not-found.json"), path.join(dir, "good.json"));
    writeFileSync(path.join(dir, "broken.json"), JSON.stringify({ format: 1, id: "broken" }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("scores the rest, names the broken file after every report, and exits 1", async () => {
    const { code, stdout } = await cli("--scenarios", dir, "--scenarios", publicScenariosDir);
    expect(code).toBe(1);
    const sets = [...stdout.matchAll(/^=== set (\S+): (\d+) scenarios?/gm)].map((m) => [m[1], Number(m[2])]);
    expect(sets).toEqual([
      [path.basename(dir), 1],
      ["fixtures", scenarios.length],
    ]);
    const tail = stdout.trimEnd().split("\n").slice(-2);
    expect(tail[0]).toBe("1 invalid scenario, not scored:");
    expect(tail[1]).toMatch(new RegExp(`^  ${path.join(dir, "broken.json")}: not a valid scenario: `));
    expect(stdout.indexOf("invalid scenario,")).toBeGreaterThan(stdout.lastIndexOf("calibration"));
  }, 60_000);

  it("--json lists the sets and the invalid files", async () => {
    const { code, stdout, stderr } = await cli("--scenarios", dir, "--scenarios", publicScenariosDir, "--json");
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as ReturnType<typeof evalJson>;
    expect(json.sets.map((s) => [s.name, s.summary.count])).toEqual([
      [path.basename(dir), 1],
      ["fixtures", scenarios.length],
    ]);
    expect(Object.keys(json.sets[1]!)).toEqual(
      expect.arrayContaining(["name", "scenarios", "summary", "confusion", "confidentlyWrong", "calibration"]),
    );
    expect(json.invalid).toEqual([{ file: path.join(dir, "broken.json"), error: expect.stringMatching(/^not a valid scenario: /) }]);
    expect(stderr).toContain("1 invalid scenario, not scored:");
  }, 60_000);

  it("gives the same scores with replays on worker threads as in this thread", async () => {
    const scores = async (...args: string[]) => {
      const { code, stdout } = await cli("--json", ...args);
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as ReturnType<typeof evalJson>;
      return json.sets.map((set) => ({ name: set.name, workers: set.workers, scores: set.scenarios.map(withoutTiming) }));
    };
    const [inThread, onWorkers] = await Promise.all([scores("--workers", "0"), scores("--workers", "2", "--concurrency", "4")]);
    expect(inThread.map((s) => s.workers)).toEqual([0]);
    expect(onWorkers.map((s) => s.workers)).toEqual([2]);
    expect(onWorkers.map((s) => s.scores)).toEqual(inThread.map((s) => s.scores));
  }, 60_000);

  it("refuses a missing directory, and --generate without a seed, before scoring anything (exit 2)", async () => {
    const missing = await cli("--scenarios", path.join(dir, "nope"));
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toMatch(/--scenarios .*nope: not a directory/);
    const seedless = await cli("--generate", "10");
    expect(seedless).toMatchObject({ code: 2, stdout: "" });
    expect(seedless.stderr).toMatch(/--generate needs --seed S .* or --seed random/);
  }, 60_000);
});
