// analyzeIncident over many incidents, through the real `ollama` client and the fake Ollama:
// the circuit breaker skipping a failing model and probing it again, watchtower mode on
// slow answers, and the rules engine alone when no model is configured.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { answerPieces, startFakeOllama, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence, type Replay } from "@/lib/eval/replay";
import { analyzeIncident } from "@/lib/rca/model/analyze";
import { createModelGuard, type ModelGuard } from "@/lib/rca/model/resilience";
import type { Rca } from "@/lib/rca/types";

let replay: Replay;
let rules: Rca;
let fake: FakeOllama | undefined;
beforeAll(async () => {
  replay = await replayEvidence(loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json")));
  rules = (await analyzeIncident({ evidence: replay.evidence, context: replay.context, alertStart: replay.alertStart })).rules;
});
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const good = (): ScriptStep => ({
  kind: "answer",
  pieces: answerPieces(JSON.stringify({ ...rules, reasoning: "Errors start with revision 7." }), 8),
});
const chats = () => fake!.requests.filter((r) => r.path === "/api/chat");

async function setup(script: () => ScriptStep, guard: ModelGuard) {
  fake = await startFakeOllama({ script });
  const model = { client: createOllamaClient({ host: fake.url }), name: "llama3.1", guard, timeoutMs: 2_000 };
  return () => analyzeIncident({ evidence: replay.evidence, context: replay.context, alertStart: replay.alertStart, model });
}

describe("analyzeIncident across incidents", () => {
  it("opens the breaker after consecutive failures, then skips the model; half-opens after the cooldown", async () => {
    const clock = { t: 0 };
    let healthy = false;
    const guard = createModelGuard({
      failureThreshold: 3,
      cooldownMs: 60_000,
      now: () => clock.t,
      sleep: async () => {},
      backoff: { maxTries: 1 },
    });
    const run = await setup(() => (healthy ? good() : { kind: "status", status: 503, error: "server busy" }), guard);

    for (let i = 0; i < 3; i++) expect((await run()).fallbackReason).toMatch(/^model unavailable: Ollama answered HTTP 503/);
    expect(guard.breaker().state).toBe("open");
    const skipped = await run();
    expect(chats()).toHaveLength(3);
    expect(skipped).toMatchObject({
      engine: "rules",
      primary: rules,
      fallbackReason: expect.stringMatching(/^model skipped: circuit open after 3 consecutive model failures; next try in 60 s/),
    });
    expect(skipped.watchtower).toEqual({ active: true, reason: "model circuit open after 3 consecutive failures" });

    clock.t = 60_000;
    expect(guard.breaker().state).toBe("half-open");
    healthy = true;
    const probed = await run();
    expect(chats()).toHaveLength(4);
    expect(probed).toMatchObject({ engine: "model", watchtower: { active: false } });
    expect(guard.breaker().state).toBe("closed");
  });

  it("re-opens when the half-open probe fails, and skips again until the next cooldown", async () => {
    const clock = { t: 0 };
    const guard = createModelGuard({
      failureThreshold: 2,
      cooldownMs: 30_000,
      now: () => clock.t,
      sleep: async () => {},
      backoff: { maxTries: 1 },
    });
    const run = await setup(() => ({ kind: "status", status: 500, error: "runner crashed" }), guard);
    await run();
    await run();
    clock.t = 30_000;
    expect((await run()).fallbackReason).toMatch(/HTTP 500/);
    expect((await run()).fallbackReason).toMatch(/^model skipped: circuit open .* next try in 30 s/);
    expect(chats()).toHaveLength(3);
  });

  it("enters watchtower mode when the model's p99 latency exceeds the limit, and still answers", async () => {
    const clock = { t: 0 };
    const guard = createModelGuard({ now: () => clock.t, latencyLimitMs: 60_000 });
    const run = await setup(() => {
      clock.t += 75_000; // the model took 75 s on this clock
      return good();
    }, guard);
    const result = await run();
    expect(result.engine).toBe("model");
    expect(result.watchtower).toEqual({ active: true, reason: "model latency p99 75 s over the last 1 calls exceeds the 60 s limit" });
  });
});

describe("analyzeIncident without a model", () => {
  it("answers with the rules engine and says why", async () => {
    const result = await analyzeIncident({ evidence: replay.evidence, context: replay.context, alertStart: replay.alertStart });
    expect(result).toMatchObject({
      engine: "rules",
      fallbackReason: "no model configured",
      modelMs: 0,
      watchtower: { active: false, reason: null },
    });
    expect(result.primary).toBe(result.rules);
  });
});
