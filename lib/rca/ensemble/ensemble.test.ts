// The ensemble through the real `ollama` client against the fake Ollama, on a real scenario's
// evidence. The fake answers each request by who asks — read from the system prompt, as a
// server would — so the specialists can disagree, time out, or the director talk nonsense.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { answerPieces, startFakeOllama, type FakeChatBody, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { replayEvidence, type Replay } from "@/lib/eval/replay";
import { analyzeIncident, modelBudgetMs } from "@/lib/rca/model/analyze";
import { createModelGuard } from "@/lib/rca/model/resilience";
import type { Rca } from "@/lib/rca/types";
import { allowedCauses, panelRole, type PanelRole } from "@/lib/rca/ensemble/fake-panel";
import { specialistCauses } from "@/lib/rca/ensemble/domains";
import { ensembleRecord } from "@/lib/rca/ensemble/ensemble";
import { ensembleRecordSchema } from "@/lib/rca/ensemble/record";
import type { SpecialistResult } from "@/lib/rca/ensemble/specialists";

let replay: Replay;
let fake: FakeOllama | undefined;
beforeAll(async () => {
  replay = await replayEvidence(loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json")));
});
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const target = { kind: "Deployment" as const, namespace: "shop", name: "checkout-api" };
const ids = () => replay.context.items.map((i) => i.id);

const answerOf = (over: Partial<Rca> & Pick<Rca, "rootCause" | "confidence">): string =>
  JSON.stringify({
    reasoning: `${over.rootCause} reasoning`,
    citations: [ids()[0]],
    summary: `${over.rootCause} seen`,
    actions: [{ action: "none", target, risk: "low", rationale: "for a human" }],
    ...over,
  });
const say = (text: string): ScriptStep => ({ kind: "answer", pieces: answerPieces(text, 10) });

/** Three specialists that disagree; the compute one is right, and most sure. */
const disagreeing = (role: Exclude<PanelRole, "director" | "single">): string =>
  ({
    network: answerOf({ rootCause: "dependency_failure", confidence: 0.5, citations: [ids()[1]!] }),
    database: answerOf({ rootCause: "db_connection_exhaustion", confidence: 0.4 }),
    compute: answerOf({
      rootCause: "bad_deploy",
      confidence: 0.9,
      citations: [ids()[2]!, ids()[0]!],
      actions: [{ action: "rollback", target, risk: "medium", rationale: "revision 7 broke it" }],
    }),
  })[role];

async function run(script: (body: FakeChatBody, role: PanelRole) => ScriptStep, timeoutMs = 2_000) {
  fake = await startFakeOllama({ script: ({ body }) => script(body, panelRole(body)) });
  const tokens: string[] = [];
  const retries: string[] = [];
  const heard: SpecialistResult[] = [];
  const guard = createModelGuard({ random: () => 0.5, backoff: { baseMs: 10 } });
  const model = {
    client: createOllamaClient({ host: fake.url }),
    name: "llama3.1",
    guard,
    timeoutMs,
    traceparent: TRACEPARENT,
    onToken: (p: string) => tokens.push(p),
    onRetry: (r: string) => retries.push(r),
  };
  const began = performance.now();
  const result = await analyzeIncident({
    evidence: replay.evidence,
    context: replay.context,
    alertStart: replay.alertStart,
    model,
    mode: "ensemble",
    onSpecialist: (s) => void heard.push(s),
  });
  return { result, tokens, retries, heard, elapsed: performance.now() - began };
}
const chats = () => fake!.requests.filter((r) => r.path === "/api/chat").map((r) => ({ ...r, body: r.body as FakeChatBody }));
const byRole = (role: PanelRole) => chats().filter((c) => panelRole(c.body) === role);

describe("ensemble with model specialists", () => {
  it("votes past disagreeing specialists to the right cause, and uses the director's answer", async () => {
    const director = answerOf({
      rootCause: "bad_deploy",
      confidence: 0.99,
      reasoning: "director: revision 7 brought the TypeError",
      citations: [ids()[2]!],
      actions: [{ action: "rollback", target, risk: "medium", rationale: "undo revision 7" }],
    });
    const { result, tokens, heard } = await run((_, role) =>
      say(role === "director" ? director : role === "single" ? "unexpected" : disagreeing(role)),
    );

    expect(result.engine).toBe("ensemble");
    expect(result.fallbackReason).toBeUndefined();
    const e = result.ensemble!;
    expect(e.specialists.map((s) => [s.specialist, s.source, s.rca.rootCause])).toEqual([
      ["network", "model", "dependency_failure"],
      ["database", "model", "db_connection_exhaustion"],
      ["compute", "model", "bad_deploy"],
    ]);
    expect(e.tally).toMatchObject({ winner: "bad_deploy", tied: ["bad_deploy"] });
    expect(e.director.source).toBe("model");
    // The director's words, with the vote's confidence (0.9 of 1.8 × 0.9), not its own 0.99.
    expect(result.primary).toMatchObject({
      rootCause: "bad_deploy",
      confidence: 0.45,
      reasoning: "director: revision 7 brought the TypeError",
      citations: [ids()[2]],
    });
    expect(result.primary.actions[0]).toMatchObject({ action: "rollback", target });
    // The rules still ran beside it.
    expect(result.rules.rootCause).toBe("bad_deploy");
    // Only the director streamed; every specialist was heard as it finished.
    expect(tokens.join("")).toBe(director);
    expect(heard.map((s) => s.specialist).sort()).toEqual(["compute", "database", "network"]);
    expect(e.usage.calls).toBe(4);
    expect(e.usage.promptTokens).toBeGreaterThan(4 * 500);

    // Four requests, each with the incident's traceparent; each specialist may only spell
    // its domain (or unknown), the director only the winner.
    expect(chats()).toHaveLength(4);
    for (const c of chats()) expect(c.headers.traceparent).toBe(TRACEPARENT);
    for (const s of ["network", "database", "compute"] as const)
      expect(allowedCauses(byRole(s)[0]!.body)).toEqual([...specialistCauses[s], "unknown"]);
    const [directorCall] = byRole("director");
    expect(allowedCauses(directorCall!.body)).toEqual(["bad_deploy"]);
    const user = directorCall!.body.messages.find((m) => m.role === "user")!.content;
    expect(user).toContain(replay.context.text);
    expect(user).toContain("compute (model): bad_deploy, confidence 0.9");
    expect(user).toContain('rootCause must be "bad_deploy".');

    // What the engine step stores reads back through its schema.
    expect(ensembleRecordSchema.safeParse(JSON.parse(JSON.stringify(ensembleRecord(e)))).success).toBe(true);
  });

  it("lets a specialist that times out vote through its rule-based stand-in, within the budget", async () => {
    const director = answerOf({ rootCause: "bad_deploy", confidence: 0.8, reasoning: "director: merged" });
    const { result, elapsed } = await run(
      (_, role) =>
        role === "compute" ? { kind: "hang" } : say(role === "director" ? director : role === "single" ? "" : disagreeing(role)),
      400,
    );
    const compute = result.ensemble!.specialists.find((s) => s.specialist === "compute")!;
    expect(compute).toMatchObject({ source: "rules", fallbackReason: "model timed out: the model gave no complete answer within 400 ms" });
    // The rule-based compute specialist finds the bad deploy from the evidence itself.
    expect(compute.rca.rootCause).toBe("bad_deploy");
    expect(result.ensemble!.tally.winner).toBe("bad_deploy");
    expect(result.primary.rootCause).toBe("bad_deploy");
    expect(result.ensemble!.director.source).toBe("model");
    expect(elapsed).toBeLessThan(modelBudgetMs(400, 0, "ensemble") + 1_000);
  });

  it("merges deterministically, saying why, when the director answers garbage", async () => {
    const { result, retries } = await run((_, role) =>
      say(role === "director" ? "Roll everything back, trust me." : role === "single" ? "" : disagreeing(role)),
    );
    const e = result.ensemble!;
    expect(e.director).toMatchObject({
      source: "deterministic",
      fallbackReason: expect.stringMatching(/^model answer rejected after 2 attempts: the answer is not a JSON object/),
    });
    // The director was asked twice (one correction), and its streamed tokens were voided.
    expect(byRole("director")).toHaveLength(2);
    expect(retries).toEqual([expect.stringMatching(/^the answer is not a JSON object/)]);
    // The compute specialist's answer, the vote's confidence, its citations.
    expect(result.primary).toMatchObject({
      rootCause: "bad_deploy",
      confidence: 0.45,
      summary: "bad_deploy seen",
      citations: [ids()[2], ids()[0]],
    });
    expect(result.primary.actions[0]!.action).toBe("rollback");
    expect(result.primary.reasoning).toMatch(
      /^Vote: bad_deploy 0\.90 \(compute\); dependency_failure 0\.50 \(network\); db_connection_exhaustion 0\.40 \(database\)\./,
    );
  });

  it("holds the director to the vote: a different cause is rejected and corrected", async () => {
    let asked = 0;
    const { result } = await run((_, role) => {
      if (role !== "director") return say(role === "single" ? "" : disagreeing(role));
      // First the director overrules the vote; corrected, it names the winner.
      return say(
        answerOf(
          ++asked === 1
            ? { rootCause: "db_connection_exhaustion", confidence: 0.9 }
            : { rootCause: "bad_deploy", confidence: 0.9, reasoning: "director: corrected" },
        ),
      );
    });
    const [first, second] = byRole("director");
    expect(second!.body.messages.at(-1)!.content).toMatch(
      /rootCause "db_connection_exhaustion" is not allowed here: answer one of bad_deploy/,
    );
    expect(first!.body.messages).toHaveLength(2);
    expect(result.ensemble!.director.source).toBe("model");
    expect(result.primary).toMatchObject({ rootCause: "bad_deploy", reasoning: "director: corrected" });
  });

  it("counts a specialist's answer outside its domain as rejected, so its rules stand-in votes", async () => {
    const { result } = await run((_, role) =>
      say(
        role === "director"
          ? answerOf({ rootCause: "bad_deploy", confidence: 0.9 })
          : role === "network"
            ? answerOf({ rootCause: "oom_killed", confidence: 0.99 })
            : role === "single"
              ? ""
              : disagreeing(role),
      ),
    );
    const network = result.ensemble!.specialists.find((s) => s.specialist === "network")!;
    expect(network).toMatchObject({ source: "rules", rca: { rootCause: "unknown" } });
    expect(network.fallbackReason).toMatch(/rootCause "oom_killed" is not allowed here/);
    expect(result.ensemble!.tally.totals.map((t) => t.cause)).not.toContain("oom_killed");
  });
});

describe("ensemble without a model", () => {
  it("runs rule specialists and a deterministic merge, and says so", async () => {
    const result = await analyzeIncident({
      evidence: replay.evidence,
      context: replay.context,
      alertStart: replay.alertStart,
      mode: "ensemble",
    });
    expect(result).toMatchObject({ engine: "ensemble", modelMs: 0, primary: { rootCause: "bad_deploy" } });
    expect(result.fallbackReason).toBeUndefined();
    expect(result.ensemble!.specialists.every((s) => s.source === "rules" && s.fallbackReason === undefined)).toBe(true);
    expect(result.ensemble!.director).toMatchObject({ source: "deterministic" });
    expect(result.ensemble!.director.fallbackReason).toBeUndefined();
    expect(result.ensemble!.usage.calls).toBe(0);
    expect(result.ensemble!.modelAnswered).toBe(false);
    // Same cause and first action as the single rules engine on this scenario.
    expect(result.primary.actions[0]!.action).toBe(result.rules.actions[0]!.action);
  });

  it("hands the incident to the rules, saying why, when the ensemble itself breaks", async () => {
    const onSpecialist = () => {
      throw new Error("stream store unavailable");
    };
    const result = await analyzeIncident({
      evidence: replay.evidence,
      context: replay.context,
      alertStart: replay.alertStart,
      mode: "ensemble",
      onSpecialist,
    });
    expect(result).toMatchObject({ engine: "rules", fallbackReason: "ensemble failed: stream store unavailable", primary: result.rules });
    expect(result.ensemble).toBeUndefined();
  });
});
