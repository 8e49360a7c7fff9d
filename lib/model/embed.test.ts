// Embeddings through the real `ollama` client (embed → POST /api/embed) against the fake
// Ollama: the request as Ollama receives it, vectors per input, errors as ModelErrors; and
// the fake's vectors themselves (deterministic, unit length, similar where words are).
import { afterEach, describe, expect, it } from "vitest";
import { fakeEmbedding, startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "@/lib/model/fake-ollama";
import { ModelError } from "@/lib/model/model-error";
import { createOllamaEmbedder } from "@/lib/model/ollama";

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(options: Partial<FakeOllamaOptions> = {}) {
  fake = await startFakeOllama({ script: () => ({ kind: "hang" }), models: ["llama3.1", "nomic-embed-text"], ...options });
  return createOllamaEmbedder({ host: fake.url, headers: { "X-Tenant": "vigil" } });
}

const dot = (a: number[], b: number[]) => a.reduce((n, v, i) => n + v * b[i]!, 0);

describe("createOllamaEmbedder", () => {
  it("posts the inputs to /api/embed and returns one vector per input, in order", async () => {
    const embedder = await start({ embeddingDimensions: 64 });
    const vectors = await embedder.embed({ model: "nomic-embed-text", input: ["postgres pool exhausted", "disk full"] });
    expect(vectors).toEqual([fakeEmbedding("postgres pool exhausted", 64), fakeEmbedding("disk full", 64)]);
    const sent = fake!.requests[0]!;
    expect([sent.method, sent.path, sent.headers["x-tenant"]]).toEqual(["POST", "/api/embed", "vigil"]);
    expect(sent.body).toEqual({ model: "nomic-embed-text", input: ["postgres pool exhausted", "disk full"], truncate: true });
  });

  it("turns Ollama's errors into ModelErrors with the status", async () => {
    const embedder = await start({ embed: () => ({ kind: "status", status: 500, error: "llama runner process has terminated" }) });
    const failed = await embedder.embed({ model: "nomic-embed-text", input: ["x"] }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ModelError);
    expect(failed).toMatchObject({ status: 500, retryable: true, message: expect.stringContaining("llama runner process has terminated") });
    const unknown = await embedder.embed({ model: "mxbai-embed-large", input: ["x"] }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, message: expect.stringContaining("not found, try pulling it first") });
  });

  it("fails as a ModelError when nothing listens", async () => {
    const embedder = createOllamaEmbedder({ host: "http://127.0.0.1:9" });
    await expect(embedder.embed({ model: "m", input: ["x"] })).rejects.toBeInstanceOf(ModelError);
  });

  it("honours the caller's cancellation", async () => {
    const embedder = await start();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(embedder.embed({ model: "nomic-embed-text", input: ["x"], signal: controller.signal })).rejects.toThrow("stop");
  });
});

describe("fakeEmbedding", () => {
  it("is deterministic and of unit length", () => {
    const v = fakeEmbedding("PostgreSQL connection pool exhausted");
    expect(v).toHaveLength(256);
    expect(fakeEmbedding("PostgreSQL connection pool exhausted")).toEqual(v);
    expect(Math.hypot(...v)).toBeCloseTo(1, 10);
    expect(fakeEmbedding("")).toEqual(new Array(256).fill(0));
  });

  it("scores shared words and stems above unrelated text", () => {
    const query = fakeEmbedding("PostgreSQL connections exhausted");
    const related = fakeEmbedding("postgres connection slots are used up");
    const unrelated = fakeEmbedding("rotate the TLS certificate of the ingress");
    expect(dot(query, related)).toBeGreaterThan(0.3);
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.2);
  });
});
