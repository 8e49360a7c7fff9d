// The eval's model path end to end: every public scenario replayed, sent to the fake Ollama
// through the real client, answered, validated and scored — in-process and through the CLI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { answerPieces, startFakeOllama, type FakeChatCall, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence } from "@/lib/eval/replay";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { createModelGuard } from "@/lib/rca/model/resilience";
import { runEval, type EvalReport } from "@/lib/eval/run";

const scenarios = loadScenarios(publicScenariosDir);
const root = path.resolve(publicScenariosDir, "../../..");
let fake: FakeOllama;
/** Each scenario's evidence text, and the answer a good model gives on it. */
let answers: { text: string; answer: string }[] = [];

// The fake model recognises the scenario by the evidence in the prompt and answers with
// the rules' conclusion: a valid answer, so the whole model path is exercised.
function script(call: FakeChatCall): ScriptStep {
  const user = call.body.messages.find((m) => m.role === "user")?.content ?? "";
  const known = answers.find((a) => user.includes(a.text));
  return known ? { kind: "answer", pieces: answerPieces(known.answer, 20) } : { kind: "status", status: 500, error: "unknown prompt" };
}

beforeAll(async () => {
  for (const scenario of scenarios) {
    const replay = await replayEvidence(scenario);
    const rca = ruleBasedRca(replay.evidence, replay.alertStart, new Set(replay.context.items.map((i) => i.id)));
    answers.push({ text: replay.context.text, answer: JSON.stringify({ ...rca, reasoning: `model: ${rca.reasoning}` }) });
  }
  fake = await startFakeOllama({ script });
}, 60_000);
afterAll(async () => {
  await fake.stop();
  answers = [];
});

function expectModelAnsweredAll(report: EvalReport) {
  expect(report.scenarios).toHaveLength(scenarios.length);
  for (const s of report.scenarios) {
    expect(s).toMatchObject({ engine: "model", rootCauseCorrect: true, unsafe: false });
    expect(s.fallbackReason).toBeUndefined();
  }
  expect(report.summary).toMatchObject({ count: scenarios.length, rootCauseAccuracy: 1, unsafe: 0, evidenceRecall: 1 });
  expect(report.model).toMatchObject({ name: "llama3.1", answered: scenarios.length, fellBack: 0, watchtower: { active: false } });
}

describe("eval with the model engine", () => {
  it("scores every scenario through the model, model time apart", async () => {
    const model = { client: createOllamaClient({ host: fake.url }), name: "llama3.1", guard: createModelGuard(), timeoutMs: 10_000 };
    const report = await runEval({ scenarios, engine: "both", model });
    expectModelAnsweredAll(report);
    for (const s of report.scenarios) expect(s.latencyMs).toBeGreaterThanOrEqual(s.modelMs);
    expect(report.rules!.scenarios.map((s) => [s.id, s.engine, s.rootCause])).toEqual(
      report.scenarios.map((s) => [s.id, "rules", s.rootCause]),
    );
  }, 60_000);

  it("runs from the command line with OLLAMA_HOST, and refuses without it (exit 2)", async () => {
    const run = promisify(execFile);
    const cli = (env: NodeJS.ProcessEnv) =>
      run("npx", ["tsx", "--conditions=react-server", "scripts/eval.ts", "--engine", "model", "--json"], {
        cwd: root,
        env,
        maxBuffer: 10_000_000,
      });
    const { OLLAMA_HOST: _, ...base } = process.env;

    const { stdout } = await cli({ ...base, OLLAMA_HOST: fake.url, OLLAMA_MODEL: "llama3.1" });
    const report = JSON.parse(stdout) as EvalReport;
    expectModelAnsweredAll(report);
    expect(Object.keys(report.summary)).toEqual([
      "count",
      "rootCauseAccuracy",
      "remediationAccuracy",
      "evidenceRecall",
      "evidenceCitedRate",
      "unsafe",
      "meanPromptTokens",
      "meanModelTokens",
      "meanModelCalls",
      "p95LatencyMs",
    ]);

    const refused = await cli(base).then(
      () => expect.fail("expected exit 2"),
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--engine model needs a model: set OLLAMA_HOST/);
  }, 60_000);
});
