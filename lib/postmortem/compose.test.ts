// The model engine through the real `ollama` client against the fake Ollama server: the
// model's narrative spliced into the template (the facts sections stay the template's, word
// for word), a redacted prompt, and every way the model can fail falling back to the template
// with the reason.
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerPieces, startFakeOllama, type FakeChatBody, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard, type ModelGuardOptions } from "@/lib/rca/model/resilience";
import type { ModelPort } from "@/lib/investigation/ports";
import { buildFacts } from "@/lib/postmortem/facts";
import { composePostmortem } from "@/lib/postmortem/compose";
import { renderPostmortem } from "@/lib/postmortem/markdown";
import { NARRATIVE_SYSTEM_PROMPT } from "@/lib/postmortem/model-engine";
import { badDeployRecords } from "@/lib/postmortem/records.fixture";

const now = new Date("2026-11-22T11:00:00.000Z");
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const facts = () => buildFacts(badDeployRecords(), now);
const narrative = {
  summary: "A bad deploy of checkout-api broke checkout for ten minutes; rolling back to the previous revision fixed it.",
  impact: "Checkout failed for most customers between 10:00 and 10:09 UTC.",
  followUps: ["Add a contract test for the order total."],
};
const answer = (value: unknown): ScriptStep => ({
  kind: "answer",
  pieces: answerPieces(typeof value === "string" ? value : JSON.stringify(value), 8),
});

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  vi.restoreAllMocks();
});

type Options = { timeoutMs?: number; guard?: ModelGuardOptions; f?: ReturnType<typeof facts>; models?: string[] };
async function compose(script: () => ScriptStep, options: Options = {}) {
  fake = await startFakeOllama({ script, models: options.models });
  const model: ModelPort = {
    client: createOllamaClient({ host: fake.url }),
    name: "llama3.1",
    guard: createModelGuard({ random: () => 0.5, backoff: { baseMs: 5 }, ...options.guard }),
    timeoutMs: options.timeoutMs ?? 2_000,
  };
  const f = options.f ?? facts();
  return { result: await composePostmortem(f, model, { now, traceparent: TRACEPARENT }), facts: f, model };
}
const chats = () => fake!.requests.filter((r) => r.path === "/api/chat");
/** Everything from "## Timeline" to "## Follow-ups": the facts sections. */
const factSections = (md: string) => md.slice(md.indexOf("## Timeline"), md.indexOf("## Follow-ups"));
const template = (reason: string | null) =>
  renderPostmortem(facts(), { engine: "template", model: null, fallbackReason: reason, generatedAt: now.toISOString() });

describe("the model engine", () => {
  it("splices the model's narrative into Summary, Impact and Follow-ups; the facts sections stay the template's", async () => {
    const { result } = await compose(() => answer(narrative));
    expect(result.meta).toEqual({ engine: "model", model: "llama3.1", fallbackReason: null, generatedAt: now.toISOString() });
    const md = result.markdown;
    expect(md).toContain(`## Summary\n\n${narrative.summary}\n\n## Impact`);
    expect(md).toContain("- **Time to resolve (MTTR):** 10 min\n");
    expect(md).toMatch(new RegExp(`3 deliveries — .*\n\n${narrative.impact}\n\n## Timeline`));
    expect(md).toContain("- [ ] Add a canary or progressive rollout stage");
    expect(md).toContain("- [ ] Add a contract test for the order total. _(suggested by the model)_");
    expect(md).toContain("with the model `llama3.1`: it wrote the narrative of Summary, Impact and Follow-ups");
    expect(factSections(md)).toBe(factSections(template(null)));
  });

  it("asks once, at temperature 0, for JSON of the narrative only, with the incident's traceparent and a redacted prompt", async () => {
    const f = facts();
    f.incident.title = "Checkout down; DATABASE_URL=postgres://app:s3cr3t-pass@db/orders";
    f.rootCause!.summary = "Revision 7 logs api_key=sk_live_abcdefghijklmnop1234 on start";
    await compose(() => answer(narrative), { f });
    expect(chats()).toHaveLength(1);
    const [call] = chats();
    const body = call!.body as FakeChatBody;
    expect(call!.headers.traceparent).toBe(TRACEPARENT);
    expect(body.options).toMatchObject({ temperature: 0 });
    expect(body.format).toMatchObject({ required: ["summary", "impact", "followUps"] });
    expect(body.messages[0]).toEqual({ role: "system", content: NARRATIVE_SYSTEM_PROMPT });
    const prompt = body.messages[1]!.content;
    expect(prompt).toContain("INC-42");
    expect(prompt).toContain("Bad deploy");
    expect(prompt).toContain("Roll back shop/checkout-api");
    expect(prompt).not.toMatch(/s3cr3t-pass|sk_live_abcdefghijklmnop1234/);
  });

  it("keeps the model's text inside its sections: no headings, HTML or links of its own", async () => {
    const injected = {
      ...narrative,
      summary: "All good.\n\n## Root cause\n\nThe on-call engineer did it.\n===\n<img src=x onerror=alert(1)> [x](javascript:alert(1))",
    };
    const { result } = await compose(() => answer(injected));
    const md = result.markdown;
    expect(md.match(/^## Root cause$/gm)).toHaveLength(1);
    expect(md).not.toMatch(/^===/m);
    expect(md).toContain("\\<img src=x onerror=alert(1)\\> \\[x\\](javascript:alert(1))");
    expect(factSections(md)).toBe(factSections(template(null)));
  });

  it.each<[string, () => ScriptStep, RegExp, Options?]>([
    [
      "an answer that is not JSON",
      () => answer("Here is your post-mortem: it was a bad deploy."),
      /^model answer rejected: not a JSON object/,
    ],
    ["JSON without the narrative", () => answer({ summary: "x" }), /^model answer rejected: impact/],
    [
      "HTTP 500 on every try",
      () => ({ kind: "status", status: 500, error: "llama runner process has terminated" }),
      /^model unavailable: Ollama answered HTTP 500/,
    ],
    ["a model that is not pulled", () => answer(narrative), /^model unavailable: Ollama answered HTTP 404/, { models: ["qwen2.5:latest"] }],
  ])("falls back to the template with the reason on %s", async (_, script, reason, options) => {
    const { result } = await compose(script, options);
    expect(result.meta).toMatchObject({ engine: "template", model: null, fallbackReason: expect.stringMatching(reason) });
    expect(result.markdown).toBe(template(result.meta.fallbackReason));
    expect(result.markdown).toContain("by the template engine from Vigil's records and audit trail (the model was not used: model");
  });

  it("gives up on a model that never answers at the deadline, and hangs up", async () => {
    const began = performance.now();
    const { result } = await compose(() => ({ kind: "hang" }), { timeoutMs: 300 });
    expect(performance.now() - began).toBeLessThan(1_500);
    expect(result.meta.fallbackReason).toBe("model timed out: no complete answer within 300 ms");
    await vi.waitFor(() => expect(chats()[0]!.abandoned).toBe(true));
  });

  it("skips a model whose circuit is open, without calling it", async () => {
    const guard = { failureThreshold: 1, cooldownMs: 60_000 };
    const first = await compose(() => ({ kind: "status", status: 500, error: "down" }), { guard });
    expect(first.result.meta.engine).toBe("template");
    const calls = chats().length;
    const again = await composePostmortem(facts(), first.model, { now });
    expect(again.meta.fallbackReason).toMatch(/^model skipped: circuit open/);
    expect(chats()).toHaveLength(calls);
  });

  it("uses the template, with no reason to give, when no model is configured", async () => {
    const { markdown, meta } = await composePostmortem(facts(), null, { now });
    expect(meta).toEqual({ engine: "template", model: null, fallbackReason: null, generatedAt: now.toISOString() });
    expect(markdown).toBe(template(null));
  });
});
