// The fake Ollama's own protocol, as a plain HTTP client sees it (the adapter tests cover
// what the `ollama` client sees).
import { afterEach, describe, expect, it } from "vitest";
import { answerPieces, startFakeOllama, type FakeOllama } from "@/lib/model/fake-ollama";

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const chat = (body: unknown) => fetch(`${fake!.url}/api/chat`, { method: "POST", body: JSON.stringify(body) });
const messages = [{ role: "user", content: "why?" }];

describe("fake Ollama", () => {
  it("streams NDJSON: one line per piece, then a done line with stats", async () => {
    fake = await startFakeOllama({ script: () => ({ kind: "answer", pieces: ["{", '"a"', ":1}"] }) });
    const res = await chat({ model: "llama3.1", messages, stream: true });
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await res.text())
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, 3).map((l) => l.message)).toEqual(["{", '"a"', ":1}"].map((content) => ({ role: "assistant", content })));
    expect(lines.slice(0, 3).every((l) => l.done === false && l.model === "llama3.1" && typeof l.created_at === "string")).toBe(true);
    expect(lines[3]).toMatchObject({ message: { role: "assistant", content: "" }, done: true, done_reason: "stop", eval_count: 3 });
    for (const k of ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_duration"]) {
      expect(lines[3]![k]).toEqual(expect.any(Number));
    }
  });

  it("answers a non-streaming request with one JSON object", async () => {
    fake = await startFakeOllama({ script: () => ({ kind: "answer", pieces: ["he", "llo"] }) });
    const res = await chat({ model: "llama3.1:latest", messages, stream: false });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toMatchObject({ message: { role: "assistant", content: "hello" }, done: true, done_reason: "stop" });
  });

  it("answers version, tags, request errors and unknown paths like Ollama", async () => {
    fake = await startFakeOllama({ script: () => ({ kind: "hang" }), models: ["phi3:mini"], version: "0.12.6" });
    expect(await (await fetch(`${fake.url}/api/version`)).json()).toEqual({ version: "0.12.6" });
    expect(await (await fetch(`${fake.url}/api/tags`)).json()).toMatchObject({
      models: [{ name: "phi3:mini", details: { format: "gguf" } }],
    });
    const noModel = await chat({ messages });
    expect([noModel.status, await noModel.json()]).toEqual([400, { error: "model is required" }]);
    expect((await fetch(`${fake.url}/api/generate`)).status).toBe(404);
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/version", "/api/tags", "/api/chat", "/api/generate"]);
  });

  it("closes hung sockets on stop()", async () => {
    fake = await startFakeOllama({ script: () => ({ kind: "hang" }) });
    const hung = chat({ model: "llama3.1", messages }).then(
      () => "answered",
      () => "closed",
    );
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const began = Date.now();
    await fake.stop();
    fake = undefined;
    expect(Date.now() - began).toBeLessThan(1000);
    expect(await hung).toBe("closed");
  });
});

describe("answerPieces", () => {
  const text = '{"rootCause": "oom_killed", "reasoning": "Container thumbnailer exceeded 512Mi — OOMKilled 3×"}';

  it("splits at token boundaries and joins back to the text", () => {
    const pieces = answerPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(pieces).toContain(' "');
    expect(pieces).toContain("oom_killed");
    for (const n of [1, 5, 12, 1000]) {
      const some = answerPieces(text, n);
      expect(some.join("")).toBe(text);
      expect(some.length).toBeLessThanOrEqual(n);
    }
    expect(answerPieces(text, 5)).toHaveLength(5);
    expect(answerPieces("")).toEqual([]);
  });
});
