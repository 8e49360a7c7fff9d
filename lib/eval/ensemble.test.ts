// `--engine ensemble`: the ensemble scored beside the single prompt on the same scenarios.
// Without a model — rule specialists and the vote against the rule engine — it must meet the
// rule engine's own floors (eval.test.ts). With the fake Ollama, every specialist and the
// director are model calls through the CLI, and both sides are reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { answerPieces, startFakeOllama, type FakeChatCall, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { ruleSpecialistRca } from "@/lib/rca/ensemble/rule-specialist";
import { specialists } from "@/lib/rca/ensemble/domains";
import { panelRole } from "@/lib/rca/ensemble/fake-panel";
import { runEval, type EvalReport, type EvalTrace } from "@/lib/eval/run";

const scenarios = loadScenarios(publicScenariosDir);
const root = path.resolve(publicScenariosDir, "../../..");
const run = promisify(execFile);
const { OLLAMA_HOST: _, ...baseEnv } = process.env;
const cli = (env: NodeJS.ProcessEnv, json = true) =>
  run("npx", ["tsx", "--conditions=react-server", "scripts/eval.ts", "--engine", "ensemble", ...(json ? ["--json"] : [])], {
    cwd: root,
    env,
    maxBuffer: 10_000_000,
  });

function expectFloors(summary: EvalReport["summary"]) {
  expect(summary.count).toBeGreaterThanOrEqual(12);
  expect(summary.rootCauseAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(summary.remediationAccuracy).toBeGreaterThanOrEqual(0.85);
  expect(summary.evidenceRecall).toBe(1);
  expect(summary.meanPromptTokens).toBeLessThanOrEqual(3000);
  expect(summary.unsafe).toBe(0);
}

describe("eval: the ensemble of rule specialists on the public scenarios", () => {
  it("meets the rule engine's targets, cites only evidence in context, and reports the single side beside it", async () => {
    const traces: EvalTrace[] = [];
    const report = await runEval({ scenarios, engine: "ensemble", onEnsemble: (t) => traces.push(t) });
    expectFloors(report.summary);
    for (const { replay, rca } of traces) for (const id of rca.citations) expect(replay.context.items.some((i) => i.id === id)).toBe(true);
    expect(report.scenarios.every((s) => s.engine === "ensemble" && s.modelCalls === 0)).toBe(true);
    expect(report.single).toMatchObject({ engine: "rules", summary: { count: report.summary.count } });
    expect(report.single!.scenarios.every((s) => s.engine === "rules")).toBe(true);
    expect(report.ensemble).toMatchObject({
      specialists: "rules",
      answers: { model: 0, rules: 3 * report.summary.count },
      director: { model: 0, deterministic: report.summary.count },
      watchtower: null,
    });
    expect(report.model).toBeUndefined();
    // Each scenario says how the vote went.
    const dns = report.scenarios.find((s) => s.id === "notification-service-dns-stub-zone-removed")!;
    expect(dns.ensemble).toMatchObject({ winner: "dns_failure", director: "deterministic" });
    expect(dns.ensemble!.votes.map((v) => [v.specialist, v.rootCause])).toEqual([
      ["network", "dns_failure"],
      ["database", "unknown"],
      ["compute", "unknown"],
    ]);
  }, 60_000);

  it("prints both tables and the comparison from the command line, saying no model took part", async () => {
    const { stdout } = await cli(baseEnv, false);
    // The set's heading, then the tables.
    expect(stdout).toMatch(
      /^=== set fixtures: \d+ scenarios in [\d.]+ s .*\n\nNo model \(OLLAMA_HOST unset\): single = the rule engine; ensemble = rule-based/,
    );
    expect(stdout).toMatch(/^single \(rule engine\) +cause/m);
    expect(stdout).toMatch(/^ensemble \(rule specialists \+ vote\) +cause/m);
    expect(stdout).toMatch(/^root cause accuracy +1 +1$/m);
    expect(stdout).toMatch(/^mean model calls +0 +0$/m);
    expect(stdout).toMatch(/^single \(rule engine\): confidently wrong \d+ of \d+ .*, expected calibration error [\d.]+$/m);
  }, 60_000);
});

describe("eval: the ensemble on the (fake) model", () => {
  let fake: FakeOllama;
  /** Per scenario: its evidence text, the rules' answer, and each rule specialist's. */
  const known: { text: string; rules: string; specialist: Record<string, string> }[] = [];
  const script = ({ body }: FakeChatCall): ScriptStep => {
    const user = body.messages.find((m) => m.role === "user")?.content ?? "";
    const scenario = known.find((k) => user.includes(k.text));
    if (!scenario) return { kind: "status", status: 500, error: "unknown prompt" };
    const role = panelRole(body);
    // A specialist answers as its rule-based twin would; the director and the single prompt as the rules.
    const text = role === "director" || role === "single" ? scenario.rules : scenario.specialist[role]!;
    return { kind: "answer", pieces: answerPieces(text, 12) };
  };

  beforeAll(async () => {
    for (const scenario of scenarios) {
      const replay = await replayEvidence(scenario);
      const ids = new Set(replay.context.items.map((i) => i.id));
      const specialist = Object.fromEntries(
        specialists.map((s) => [s, JSON.stringify(ruleSpecialistRca(s, replay.evidence, replay.alertStart, ids))]),
      );
      known.push({ text: replay.context.text, rules: JSON.stringify(ruleBasedRca(replay.evidence, replay.alertStart, ids)), specialist });
    }
    fake = await startFakeOllama({ script });
  }, 60_000);
  afterAll(async () => {
    await fake?.stop();
  });

  it("scores the single prompt and the ensemble side by side, every call metered", async () => {
    const { stdout } = await cli({ ...baseEnv, OLLAMA_HOST: fake.url, OLLAMA_MODEL: "llama3.1" });
    const report = JSON.parse(stdout) as EvalReport;
    const n = scenarios.length;
    expect(report.single!.engine).toBe("model");
    expect(report.single!.scenarios.every((s) => s.engine === "model" && s.modelCalls === 1)).toBe(true);
    expect(report.model).toMatchObject({ name: "llama3.1", answered: n, fellBack: 0 });
    expect(report.scenarios.every((s) => s.engine === "ensemble" && !s.fallbackReason)).toBe(true);
    // All 3n specialists answered on the model; the director merged every scenario with a
    // winner — all but the one where everybody abstained (no call is spent on that).
    const abstained = report.scenarios.filter((s) => s.ensemble!.winner === "unknown").length;
    expect(abstained).toBe(1);
    expect(report.ensemble).toMatchObject({
      specialists: "model",
      answers: { model: 3 * n, rules: 0 },
      director: { model: n - abstained, deterministic: abstained },
      watchtower: { active: false },
    });
    expect(report.summary.meanModelCalls).toBe(Number(((4 * (n - abstained) + 3 * abstained) / n).toFixed(2)));
    expect(report.summary.meanModelTokens).toBeGreaterThan(3 * report.single!.summary.meanModelTokens);
    expectFloors(report.single!.summary);
    expect(report.summary).toMatchObject({ rootCauseAccuracy: 1, remediationAccuracy: 1, evidenceRecall: 1, unsafe: 0 });
    // Every request is accounted for: one single prompt, three specialists and a director per scenario.
    const chats = fake.requests.filter((r) => r.path === "/api/chat");
    expect(chats).toHaveLength(n + 4 * (n - abstained) + 3 * abstained);
  }, 90_000);
});
