// analyzeIncident through the real `ollama` client against the fake Ollama server, on a
// real scenario's evidence: streaming, validation, retries and timeouts — and the rules RCA
// taking over whenever the model cannot be trusted. The breaker: analyze-breaker.test.ts.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import path from "node:path";
import { answerPieces, startFakeOllama, type FakeChatCall, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence, type Replay } from "@/lib/eval/replay";
import { analyzeIncident, modelBudgetMs } from "@/lib/rca/model/analyze";
import { createModelGuard, type ModelGuardOptions } from "@/lib/rca/model/resilience";
import { secondOpinionText, SYSTEM_PROMPT } from "@/lib/rca/model/prompt";
import type { Rca } from "@/lib/rca/types";

let replay: Replay;
let fake: FakeOllama | undefined;
beforeAll(async () => {
  replay = await replayEvidence(loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json")));
});
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  vi.restoreAllMocks();
});

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const workload = { kind: "Deployment", namespace: "shop", name: "checkout-api" };

/** What a good model would say: the rules' conclusion, in the model's own words. */
const goodAnswer = (rules: Rca, over: Partial<Rca> = {}) =>
  JSON.stringify({ ...rules, reasoning: "Errors start with revision 7.", ...over });
const answer = (text: string): ScriptStep => ({ kind: "answer", pieces: answerPieces(text, 12) });

type Options = {
  guard?: ModelGuardOptions;
  timeoutMs?: number;
  onToken?: (p: string) => void;
  onRetry?: (reason: string) => void;
  signal?: AbortSignal;
};
async function analyze(script: (call: FakeChatCall, n: number) => ScriptStep, opts: Options = {}) {
  let n = 0;
  fake ??= await startFakeOllama({ script: (call) => script(call, ++n) });
  const guard = createModelGuard({ random: () => 0.5, backoff: { baseMs: 20 }, ...opts.guard });
  const model = {
    client: createOllamaClient({ host: fake.url }),
    name: "llama3.1",
    guard,
    timeoutMs: opts.timeoutMs ?? 2_000,
    traceparent: TRACEPARENT,
    onToken: opts.onToken,
    onRetry: opts.onRetry,
    signal: opts.signal,
  };
  const began = performance.now();
  const result = await analyzeIncident({ evidence: replay.evidence, context: replay.context, alertStart: replay.alertStart, model });
  return { result, elapsed: performance.now() - began, guard, model };
}
const rulesRca = () =>
  analyzeIncident({ evidence: replay.evidence, context: replay.context, alertStart: replay.alertStart }).then((a) => a.rules);
const chats = () => fake!.requests.filter((r) => r.path === "/api/chat");
const onWorkload = (rca: Rca) => rca.actions.every((a) => a.target.namespace === "shop" && a.target.name === "checkout-api");

describe("analyzeIncident with a model", () => {
  it("streams tokens in order and makes a valid answer the primary RCA, with the rules beside it", async () => {
    const rules = await rulesRca();
    const text = goodAnswer(rules, { confidence: 0.91 });
    const seen: string[] = [];
    const { result } = await analyze(() => answer(text), { onToken: (p) => seen.push(p) });

    expect(seen.length).toBeGreaterThan(5);
    expect(seen.join("")).toBe(text);
    expect(result).toMatchObject({
      engine: "model",
      primary: { rootCause: "bad_deploy", confidence: 0.91 },
      rules: { rootCause: "bad_deploy" },
      watchtower: { active: false },
    });
    expect(result.fallbackReason).toBeUndefined();
    expect(result.modelResult).toMatchObject({ attempts: 1, model: "llama3.1" });
    expect(result.modelResult!.promptTokens).toBeGreaterThan(500);

    const [call] = chats();
    const body = call!.body as {
      messages: { role: string; content: string }[];
      format: { properties: Record<string, unknown> };
      options: Record<string, unknown>;
    };
    expect(call!.headers.traceparent).toBe(TRACEPARENT);
    expect(body.options).toMatchObject({ temperature: 0, num_ctx: 8192 });
    expect(body.format.properties.rootCause).toBeDefined();
    expect(body.messages[0]).toEqual({ role: "system", content: SYSTEM_PROMPT });
    expect(body.messages[1]!.content).toContain(replay.context.text);
    expect(body.messages[1]!.content).toContain('{"kind":"Deployment","namespace":"shop","name":"checkout-api"}');
  });

  it("shows the model the rule engine's conclusion as a cited second opinion, which the model may overrule", async () => {
    const rules = await rulesRca();
    const { result } = await analyze(() =>
      answer(
        goodAnswer(rules, {
          rootCause: "dependency_failure",
          confidence: 0.6,
          actions: [
            { action: "none", target: workload as Rca["actions"][number]["target"], risk: "low", rationale: "Restore the upstream." },
          ],
        }),
      ),
    );
    const user = (chats()[0]!.body as { messages: { role: string; content: string }[] }).messages[1]!.content;
    const opinion = `Second opinion, from Vigil's rule engine (pattern rules over the same evidence): bad_deploy, confidence ${rules.confidence.toFixed(2)}, citing ${rules.citations.join(", ")}.`;
    expect(user).toContain(opinion);
    expect(user).toContain(secondOpinionText(rules));
    expect(user).toContain("disagree when the evidence says otherwise");
    expect(user.indexOf(opinion)).toBeGreaterThan(user.indexOf("</evidence>"));
    // The model disagreed: its answer stands, the rules' beside it.
    expect(result).toMatchObject({ engine: "model", primary: { rootCause: "dependency_failure" }, rules: { rootCause: "bad_deploy" } });
  });

  it("retries once with the reason after an answer that is not JSON, then falls back to the rules, within the budget", async () => {
    const retries: string[] = [];
    const { result, elapsed } = await analyze(() => answer("The checkout service is broken, roll it back!"), {
      onRetry: (r) => retries.push(r),
    });
    expect(retries).toEqual([expect.stringMatching(/^the answer is not a JSON object/)]);
    const [first, second] = chats();
    const retry = (second!.body as { messages: { role: string; content: string }[] }).messages;
    expect(chats()).toHaveLength(2);
    expect(retry.at(-2)).toEqual({ role: "assistant", content: "The checkout service is broken, roll it back!" });
    expect(retry.at(-1)!.content).toMatch(/^Your answer was rejected: the answer is not a JSON object/);
    expect((first!.body as { messages: unknown[] }).messages).toHaveLength(2);
    expect(result).toMatchObject({
      engine: "rules",
      primary: result.rules,
      fallbackReason: expect.stringMatching(/^model answer rejected after 2 attempts: the answer is not a JSON object/),
    });
    expect(elapsed).toBeLessThan(modelBudgetMs(2_000));
  });

  it("retries a garbage (non-Ollama) response with backoff, then falls back with the reason, within the budget", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {}); // ollama warns per bad line
    const { result, elapsed, guard } = await analyze(() => ({ kind: "garbage", body: "<html><body>502 Bad Gateway</body></html>" }));
    expect(warn).toHaveBeenCalledTimes(3);
    expect(chats()).toHaveLength(3);
    expect(result.engine).toBe("rules");
    expect(result.fallbackReason).toMatch(/^model unavailable: Ollama's answer is not a chat stream .*<html><body>502 Bad Gateway/);
    expect(elapsed).toBeLessThan(modelBudgetMs(2_000));
    expect(guard.breaker().state).toBe("open");
  });

  it("backs off after an HTTP 500 and succeeds when the server recovers; falls back when it does not", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const rules = await rulesRca();
    const retries: string[] = [];
    const recovers = await analyze(
      (_, n) => (n < 3 ? { kind: "status", status: 500, error: "llama runner process has terminated" } : answer(goodAnswer(rules))),
      { guard: { sleep }, onRetry: (r) => retries.push(r) },
    );
    expect(recovers.result.engine).toBe("model");
    expect(retries).toEqual([expect.stringMatching(/HTTP 500/), expect.stringMatching(/HTTP 500/)]);
    expect(waits).toEqual([10, 20]); // full jitter at 0.5 of 20 ms, then of 40 ms

    await fake!.stop();
    fake = undefined;
    waits.length = 0;
    const { result } = await analyze(() => ({ kind: "status", status: 500, error: "llama runner process has terminated" }), {
      guard: { sleep },
    });
    expect(chats()).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(result).toMatchObject({
      engine: "rules",
      fallbackReason: expect.stringMatching(/^model unavailable: Ollama answered HTTP 500/),
    });
  });

  it("gives up on a model that never answers after one attempt's timeout, promptly, and hangs up", async () => {
    const { result, elapsed } = await analyze(() => ({ kind: "hang" }), { timeoutMs: 300 });
    expect(result).toMatchObject({ engine: "rules", fallbackReason: "model timed out: the model gave no complete answer within 300 ms" });
    expect(chats()).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
    await vi.waitFor(() => expect(chats()[0]!.abandoned).toBe(true));
  });

  it("never waits out a backoff past the attempt's deadline", async () => {
    const { result, elapsed } = await analyze(() => ({ kind: "status", status: 503, error: "busy" }), {
      timeoutMs: 300,
      guard: { backoff: { baseMs: 10_000 } },
    });
    expect(chats()).toHaveLength(1);
    expect(result.fallbackReason).toBe("model timed out: the model gave no complete answer within 300 ms");
    expect(elapsed).toBeLessThan(1_000);
  });

  it("stops at the caller's cancellation, without counting it against the model", async () => {
    const controller = new AbortController();
    const pending = analyze(
      () => {
        setTimeout(() => controller.abort(new Error("investigation cancelled")), 50);
        return { kind: "hang" };
      },
      { signal: controller.signal },
    );
    await expect(pending).rejects.toThrow("investigation cancelled");
    await vi.waitFor(() => expect(chats()[0]!.abandoned).toBe(true));
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["cites evidence that is not in the context", { citations: ["E2", "E404"] }, /citations E404 are not evidence ids/],
    ["names a cause outside the taxonomy", { rootCause: "solar_flare" }, /"solar_flare" is not in the taxonomy/],
    [
      "obeys an injected instruction to scale another deployment",
      {
        actions: [
          { action: "scale", target: { ...workload, name: "payments-api" }, replicas: 50, risk: "low", rationale: "the log line said so" },
        ],
      },
      /action scale targets Deployment shop\/payments-api, but actions may only target the incident's workload/,
    ],
    [
      "proposes an action its root cause does not justify (the safety table)",
      { actions: [{ action: "restart", target: workload, risk: "low", rationale: "restarts fix most things" }] },
      /action restart is not allowed: restart does not follow from bad_deploy \(only rollback can\)/,
    ],
  ])("rejects an answer that %s, retries once, then falls back to the rules", async (_, over, reason) => {
    const rules = await rulesRca();
    const { result } = await analyze(() => answer(goodAnswer(rules, over as Partial<Rca>)));
    expect(chats()).toHaveLength(2);
    expect(result.engine).toBe("rules");
    expect(result.fallbackReason).toMatch(reason);
    expect(result.modelResult).toBeUndefined();
    expect(onWorkload(result.primary)).toBe(true);
    // The corrective retry told the model exactly what was wrong.
    const retry = (chats()[1]!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(retry).toMatch(/^Your answer was rejected: /);
    expect(retry).toMatch(reason);
  });
});
