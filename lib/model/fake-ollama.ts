// An Ollama server stand-in speaking its real HTTP protocol (NDJSON chat streams, /api/tags,
// /api/embed), scripted per request, so tests and the eval drive the real `ollama` client
// with no model.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readNodeBody } from "@/lib/http/node-body";

/** The body the `ollama` client POSTs to /api/chat. */
export type FakeChatBody = {
  model: string;
  messages: {
    role: string;
    content: string;
    tool_calls?: { function: { name: string; arguments: Record<string, unknown> } }[];
    tool_name?: string;
  }[];
  stream?: boolean;
  format?: unknown;
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  options?: Record<string, unknown>;
};
export type FakeChatCall = { body: FakeChatBody; headers: IncomingHttpHeaders };

export type ScriptStep =
  | { kind: "answer"; pieces: string[]; delayMs?: number }
  /** The model calls tools instead of answering: one stream line carrying the calls, as Ollama sends them. */
  | { kind: "tools"; calls: { name: string; arguments: Record<string, unknown> }[] }
  | { kind: "status"; status: number; error: string }
  | { kind: "garbage"; body: string; contentType?: string }
  | { kind: "hang" };

/** The body the `ollama` client POSTs to /api/embed. */
export type FakeEmbedBody = { model: string; input: string | string[]; truncate?: boolean; dimensions?: number };
/** How the fake answers an embed request: vectors (fakeEmbedding of each input), or an error status. */
export type EmbedStep = { kind: "vectors" } | { kind: "status"; status: number; error: string };

export type FakeOllamaOptions = {
  port?: number;
  script: (call: FakeChatCall) => ScriptStep | Promise<ScriptStep>;
  /** Answers to POST /api/embed; by default every request gets vectors. */
  embed?: (body: FakeEmbedBody) => EmbedStep | Promise<EmbedStep>;
  /** Length of the fake's embedding vectors. */
  embeddingDimensions?: number;
  /** What /api/tags lists; a chat naming another model gets Ollama's 404. */
  models?: string[];
  version?: string;
};

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The client went away before the answer was complete (aborted, or stopped reading). */
  abandoned: boolean;
};
export type FakeOllama = { url: string; requests: RecordedRequest[]; stop(): Promise<void> };

// Ollama names a model without a tag as ":latest".
const withTag = (name: string) => (name.includes(":") ? name : `${name}:latest`);

export async function startFakeOllama({
  port = 0,
  script,
  models = ["llama3.1:latest"],
  version = "0.12.6",
  embed = () => ({ kind: "vectors" }),
  embeddingDimensions = 256,
}: FakeOllamaOptions): Promise<FakeOllama> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) json(res, 500, { error: `fake ollama: ${err.message}` });
      else res.destroy(err);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const raw = await readNodeBody(req);
    const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, body: parseOrRaw(raw), abandoned: false };
    res.on("close", () => (recorded.abandoned = !res.writableFinished));
    requests.push(recorded);

    if (req.method === "GET" && path === "/api/version") return json(res, 200, { version });
    if (req.method === "GET" && path === "/api/tags") return json(res, 200, { models: models.map(describeModel) });
    if (req.method === "POST" && path === "/api/embed") return answerEmbed(res, recorded.body, raw);
    if (req.method !== "POST" || path !== "/api/chat") return text(res, 404, "404 page not found");

    const body = recorded.body as Partial<FakeChatBody> | string;
    if (typeof body !== "object" || body === null)
      return json(res, 400, { error: raw ? "invalid character in request body" : "missing request body" });
    if (!body.model) return json(res, 400, { error: "model is required" });
    if (!models.map(withTag).includes(withTag(body.model))) {
      return json(res, 404, { error: `model ${JSON.stringify(body.model)} not found, try pulling it first` });
    }
    const step = await script({ body: body as FakeChatBody, headers: req.headers });
    if (step.kind === "hang") return; // the socket stays open until the client gives up or stop()
    if (step.kind === "status") return json(res, step.status, { error: step.error });
    if (step.kind === "garbage") return text(res, 200, step.body, step.contentType ?? "text/html; charset=utf-8");

    const began = process.hrtime.bigint();
    const base = () => ({ model: body.model, created_at: new Date().toISOString() });
    if (step.kind === "tools") {
      // Ollama answers a model without tool support (no `tools` in the request) with 400.
      if (!body.tools?.length) return json(res, 400, { error: "tool calls answered to a request that offered no tools" });
      const message = {
        role: "assistant",
        content: "",
        tool_calls: step.calls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })),
      };
      const final = {
        ...base(),
        message: body.stream === false ? message : { role: "assistant", content: "" },
        done: true,
        done_reason: "stop",
        ...stats(body as FakeChatBody, 8, began),
      };
      if (body.stream === false) return json(res, 200, final);
      res.writeHead(200, { "Content-Type": "application/x-ndjson" });
      res.write(`${JSON.stringify({ ...base(), message, done: false })}\n`);
      return void res.end(`${JSON.stringify(final)}\n`);
    }
    // Ollama's default is to stream; the `ollama` client always says which it wants.
    if (body.stream !== false) res.writeHead(200, { "Content-Type": "application/x-ndjson" });
    for (const piece of step.pieces) {
      if (step.delayMs) await sleep(step.delayMs);
      if (recorded.abandoned) return;
      if (body.stream !== false)
        res.write(`${JSON.stringify({ ...base(), message: { role: "assistant", content: piece }, done: false })}\n`);
    }
    const final = {
      ...base(),
      message: { role: "assistant", content: body.stream === false ? step.pieces.join("") : "" },
      done: true,
      done_reason: "stop",
      ...stats(body as FakeChatBody, step.pieces.length, began),
    };
    if (body.stream === false) return json(res, 200, final);
    res.end(`${JSON.stringify(final)}\n`);
  }

  async function answerEmbed(res: ServerResponse, body: unknown, raw: string) {
    if (typeof body !== "object" || body === null)
      return json(res, 400, { error: raw ? "invalid character in request body" : "missing request body" });
    const request = body as Partial<FakeEmbedBody>;
    if (!request.model) return json(res, 400, { error: "model is required" });
    if (!models.map(withTag).includes(withTag(request.model))) {
      return json(res, 404, { error: `model ${JSON.stringify(request.model)} not found, try pulling it first` });
    }
    const input = typeof request.input === "string" ? [request.input] : request.input;
    if (!Array.isArray(input) || input.some((i) => typeof i !== "string")) return json(res, 400, { error: "invalid input type" });
    const step = await embed(request as FakeEmbedBody);
    if (step.kind === "status") return json(res, step.status, { error: step.error });
    const chars = input.reduce((n, i) => n + i.length, 0);
    json(res, 200, {
      model: request.model,
      embeddings: input.map((i) => fakeEmbedding(i, embeddingDimensions)),
      total_duration: 2_000_000,
      load_duration: 1_000_000,
      prompt_eval_count: Math.ceil(chars / 4),
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        // Hung and half-streamed answers hold their sockets: close them, or close() waits forever.
        server.closeAllConnections();
      }),
  };
}

/** Ollama's timing fields (nanoseconds); counts are estimates: ~4 characters a prompt token. */
function stats(body: FakeChatBody, evalCount: number, began: bigint) {
  const total = Number(process.hrtime.bigint() - began);
  const promptChars = body.messages.reduce((n, m) => n + m.content.length, 0);
  return {
    total_duration: total + 2_000_000,
    load_duration: 1_000_000,
    prompt_eval_count: Math.ceil(promptChars / 4) + 4 * body.messages.length,
    prompt_eval_duration: 1_000_000,
    eval_count: evalCount,
    eval_duration: total,
  };
}

function describeModel(name: string) {
  return {
    name: withTag(name),
    model: withTag(name),
    modified_at: "2025-01-01T00:00:00Z",
    size: 4_920_753_328,
    digest: "0".repeat(64),
    details: {
      parent_model: "",
      format: "gguf",
      family: "llama",
      families: ["llama"],
      parameter_size: "8.0B",
      quantization_level: "Q4_K_M",
    },
  };
}

/**
 * Splits a model answer into at most `n` pieces the way tokens arrive: at word and
 * punctuation boundaries, never inside a word or a character. Joined, they are `text`.
 */
export function answerPieces(text: string, n = Infinity): string[] {
  const tokens = text.match(/\s*[\p{L}\p{N}_]+|\s*[^\s\p{L}\p{N}_]|\s+/gu) ?? [];
  const count = Math.max(1, Math.min(n, tokens.length));
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    pieces.push(tokens.slice(Math.floor((i * tokens.length) / count), Math.floor(((i + 1) * tokens.length) / count)).join(""));
  }
  return pieces.filter((p) => p !== "");
}

/**
 * The fake's embedding: a hashed bag of words and of each word's character trigrams, signed,
 * L2-normalised. Deterministic, and similar where texts share words or word stems a stemmer
 * misses ("postgres" and "PostgreSQL"), so retrieval tests measure something real.
 */
export function fakeEmbedding(text: string, dimensions = 256): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), 0x01000193) >>> 0;
    vector[h % dimensions]! += (h & 0x80000000 ? -1 : 1) * weight;
  };
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    add(`w:${word}`, 1);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.5);
  }
  const norm = Math.hypot(...vector);
  return norm ? vector.map((v) => v / norm) : vector;
}

function parseOrRaw(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return raw;
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string, contentType = "text/plain") {
  res.writeHead(status, { "Content-Type": contentType }).end(body);
}
