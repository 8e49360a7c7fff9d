// The Ollama adapter through the real `ollama` client against the fake server: streaming,
// stats, headers, error classification and cancellation.
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerPieces, startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "@/lib/model/fake-ollama";
import { ModelError } from "@/lib/model/model-error";
import { createOllamaClient } from "@/lib/model/ollama";
import type { ChatRequest } from "@/lib/model/port";

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  vi.restoreAllMocks();
});

async function start(script: FakeOllamaOptions["script"], models?: string[]) {
  fake = await startFakeOllama({ script, models });
  return createOllamaClient({ host: fake.url, headers: { "X-Tenant": "vigil" } });
}

const answer = '{"rootCause": "oom_killed", "confidence": 0.82, "citations": ["ev-3"]}';
const request: ChatRequest = {
  model: "llama3.1",
  messages: [
    { role: "system", content: "You are an incident commander." },
    { role: "user", content: "Pod thumbnailer-db2pbr2sk-m7d5t was OOMKilled." },
  ],
  format: { type: "object", properties: { rootCause: { type: "string" } } },
  options: { temperature: 0, num_ctx: 8192, seed: 7 },
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
};

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected a failure"),
    (e: unknown) => e,
  );

describe("createOllamaClient.chat", () => {
  it("streams pieces to onToken in order, before chat() resolves, and reads the final stats", async () => {
    const pieces = answerPieces(answer, 6);
    const client = await start(() => ({ kind: "answer", pieces, delayMs: 40 }));
    const seen: { piece: string; at: number }[] = [];
    let resolved = false;
    const result = await client.chat(request, (piece) => {
      expect(resolved).toBe(false);
      seen.push({ piece, at: performance.now() });
    });
    const doneAt = performance.now();
    resolved = true;

    expect(seen.map((s) => s.piece)).toEqual(pieces);
    // Streaming, not buffering: the first piece arrived while five more were still to come.
    expect(doneAt - seen[0]!.at).toBeGreaterThan(150);
    expect(result).toMatchObject({ content: answer, model: "llama3.1", completionTokens: 6 });
    expect(result.promptTokens).toBeGreaterThan(10);
    expect(result.durationMs).toBeGreaterThanOrEqual(200);
  });

  it("sends what Ollama expects, with the traceparent and client headers", async () => {
    const client = await start(() => ({ kind: "answer", pieces: ["ok"] }));
    await client.chat(request);
    const [call] = fake!.requests;
    expect(call).toMatchObject({ method: "POST", path: "/api/chat" });
    expect(call!.body).toEqual({
      model: "llama3.1",
      messages: request.messages,
      stream: true,
      format: request.format,
      options: request.options,
    });
    expect(call!.headers).toMatchObject({ traceparent: request.traceparent, "x-tenant": "vigil", "content-type": "application/json" });
    expect(call!.headers["user-agent"]).toMatch(/^ollama-js\/0\.6\.4/);
  });

  it("classifies server errors as retryable and keeps the status", async () => {
    const client = await start(() => ({ kind: "status", status: 500, error: "llama runner process has terminated: signal: killed" }));
    const e = await failure(client.chat(request));
    expect(e).toBeInstanceOf(ModelError);
    expect(e).toMatchObject({
      status: 500,
      retryable: true,
      message: "Ollama answered HTTP 500: llama runner process has terminated: signal: killed",
    });

    const busy = await start(() => ({
      kind: "status",
      status: 429,
      error: "server busy, please try again.  maximum pending requests exceeded",
    }));
    expect(await failure(busy.chat(request))).toMatchObject({ status: 429, retryable: true });
  });

  it("classifies a missing model (404) and a bad request (400) as not retryable", async () => {
    const client = await start(() => ({ kind: "answer", pieces: ["never"] }), ["qwen2.5:7b"]);
    const e = await failure(client.chat(request));
    expect(e).toMatchObject({ name: "ModelError", status: 404, retryable: false });
    expect((e as Error).message).toBe('Ollama answered HTTP 404: model "llama3.1" not found, try pulling it first');

    const strict = await start(() => ({ kind: "status", status: 400, error: 'invalid format: expected "json" or a JSON schema' }));
    expect(await failure(strict.chat(request))).toMatchObject({ status: 400, retryable: false });
  });

  it("names garbage for what it is", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {}); // ollama warns per bad line
    const client = await start(() => ({ kind: "garbage", body: "<html><body>502 Bad Gateway</body></html>" }));
    const e = await failure(client.chat(request));
    expect(e).toMatchObject({ name: "ModelError", status: null, retryable: true });
    expect((e as Error).message).toBe(
      `Ollama's answer is not a chat stream (no final "done" line); it began "<html><body>502 Bad Gateway</body></html>"`,
    );
    expect(warn).toHaveBeenCalled();

    const wrongShape = await start(() => ({
      kind: "garbage",
      body: '{"object":"chat.completion.chunk"}\n',
      contentType: "application/x-ndjson",
    }));
    expect(await failure(wrongShape.chat(request))).toMatchObject({ message: expect.stringMatching(/not a chat stream: unexpected line/) });
  });

  it("aborts a request the server never answers, promptly", async () => {
    const client = await start(() => ({ kind: "hang" }));
    const began = Date.now();
    const e = await failure(client.chat({ ...request, signal: AbortSignal.timeout(300) }));
    expect(Date.now() - began).toBeLessThan(2000);
    expect(e).toMatchObject({ name: "TimeoutError" });
    await vi.waitFor(() => expect(fake!.requests[0]!.abandoned).toBe(true));
  });

  it("aborts mid-stream, and the server sees the client go", async () => {
    const client = await start(() => ({ kind: "answer", pieces: answerPieces(answer), delayMs: 300 }));
    const controller = new AbortController();
    let abortedAt = 0;
    const seen: string[] = [];
    const e = await failure(
      client.chat({ ...request, signal: controller.signal }, (piece) => {
        seen.push(piece);
        abortedAt = Date.now();
        controller.abort();
      }),
    );
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(e).toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(1);
    await vi.waitFor(() => expect(fake!.requests[0]!.abandoned).toBe(true));
  });

  it("lets an onToken failure through unchanged, and stops the generation", async () => {
    const client = await start(() => ({ kind: "answer", pieces: ["a", "b", "c"], delayMs: 50 }));
    const mine = new Error("browser went away");
    const e = await failure(
      client.chat(request, () => {
        throw mine;
      }),
    );
    expect(e).toBe(mine);
    await vi.waitFor(() => expect(fake!.requests[0]!.abandoned).toBe(true));
  });

  it("reports an unreachable server as retryable", async () => {
    const client = await start(() => ({ kind: "hang" }));
    await fake!.stop();
    const e = await failure(client.chat(request));
    expect(e).toMatchObject({
      name: "ModelError",
      status: null,
      retryable: true,
      message: expect.stringMatching(/fetch failed: ECONNREFUSED/),
    });
  });
});

describe("createOllamaClient.listModels", () => {
  it("lists the server's models", async () => {
    const client = await start(() => ({ kind: "hang" }), ["llama3.1:8b", "qwen2.5"]);
    expect(await client.listModels()).toEqual(["llama3.1:8b", "qwen2.5:latest"]);
    expect(fake!.requests[0]).toMatchObject({ method: "GET", path: "/api/tags" });
  });

  it("names an answer that is not a model list", async () => {
    const client = createOllamaClient({ host: "http://ollama.invalid", fetch: async () => new Response("<html>login</html>") });
    expect(await failure(client.listModels())).toMatchObject({
      name: "ModelError",
      retryable: true,
      message: expect.stringMatching(/not JSON; it began "<html>login/),
    });
    const other = createOllamaClient({ host: "http://ollama.invalid", fetch: async () => Response.json({ data: [] }) });
    expect(await failure(other.listModels())).toMatchObject({ message: expect.stringMatching(/has no model list/) });
  });

  it("honours an aborted signal", async () => {
    const client = await start(() => ({ kind: "hang" }));
    const controller = new AbortController();
    controller.abort();
    expect(await failure(client.listModels(controller.signal))).toMatchObject({ name: "AbortError" });
  });
});
