// ModelClient over Ollama's chat API through the official `ollama` client (0.6.4), streaming
// tokens as they are generated, with the incident's traceparent and the caller's cancellation.
import "server-only";
import { Ollama, type ChatResponse, type Message } from "ollama";
import { isRetryableStatus, ModelError } from "@/lib/model/model-error";
import type { ChatMessage, EmbeddingClient, ModelClient, ToolCall } from "@/lib/model/port";

export type OllamaClientOptions = {
  /** e.g. http://127.0.0.1:11434 (OLLAMA_HOST). */
  host: string;
  fetch?: typeof globalThis.fetch;
  /** Sent on every request, e.g. Authorization for an Ollama behind a proxy. */
  headers?: Record<string, string>;
};

export function createOllamaClient({ host, fetch = globalThis.fetch, headers = {} }: OllamaClientOptions): ModelClient {
  // ollama 0.6.4 takes headers only per client (`new Ollama({ headers })`) and no AbortSignal
  // on chat() or list(); its own abort() reaches a stream only once the response has begun.
  // So each call gets its own (cheap) client: its headers, and a fetch bound to its signal.
  const clientFor = (signal: AbortSignal, extra: Record<string, string>, seen: BodyHead) =>
    new Ollama({ host, headers: { ...headers, ...extra }, fetch: boundFetch(fetch, signal, seen) });

  return {
    async chat(request, onToken) {
      // Aborted in `finally`: whoever stops reading early (an error, a throwing onToken)
      // must not leave the connection streaming a generation nobody reads.
      const local = new AbortController();
      const signal = request.signal ? AbortSignal.any([request.signal, local.signal]) : local.signal;
      const seen: BodyHead = { text: "" };
      const client = clientFor(signal, request.traceparent ? { traceparent: request.traceparent } : {}, seen);
      const began = performance.now();
      let content = "";
      const toolCalls: ToolCall[] = [];
      let final: ChatResponse | undefined;
      let inCallback = false;
      try {
        request.signal?.throwIfAborted();
        const stream = await client.chat({
          model: request.model,
          messages: request.messages.map(toOllama),
          stream: true,
          format: request.format,
          tools: request.tools?.map((t) => ({ type: "function", function: t })),
          options: request.options,
        });
        for await (const part of stream) {
          const piece = (part as Partial<ChatResponse> | null)?.message?.content;
          if (typeof piece !== "string") {
            throw new ModelError(`Ollama's answer is not a chat stream: unexpected line ${JSON.stringify(part).slice(0, 200)}`, {
              status: null,
              retryable: true,
            });
          }
          if (piece) {
            content += piece;
            inCallback = true;
            onToken?.(piece);
            inCallback = false;
          }
          // Ollama sends tool calls whole, on one line of the stream.
          for (const call of part.message?.tool_calls ?? [])
            toolCalls.push({ name: call.function.name, arguments: call.function.arguments ?? {} });
          if (part.done) final = part;
        }
      } catch (err) {
        // The caller's own failure and the caller's own cancellation are theirs, unchanged.
        if (inCallback) throw err;
        if (request.signal?.aborted) throw request.signal.reason;
        throw classify(err, host, seen);
      } finally {
        local.abort();
      }
      return {
        content,
        toolCalls,
        promptTokens: final?.prompt_eval_count ?? null,
        completionTokens: final?.eval_count ?? null,
        durationMs: Math.round(performance.now() - began),
        model: final?.model ?? request.model,
      };
    },

    async listModels(signal) {
      const seen: BodyHead = { text: "" };
      try {
        signal?.throwIfAborted();
        const { models } = await clientFor(signal ?? new AbortController().signal, {}, seen).list();
        if (!Array.isArray(models))
          throw new ModelError(`Ollama's /api/tags answer has no model list: ${seen.text.slice(0, 200)}`, {
            status: null,
            retryable: true,
          });
        return models.map((m) => m.name);
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        throw classify(err, host, seen);
      }
    },
  };
}

/** Embeddings through the `ollama` client's embed() (POST /api/embed, inputs truncated to the
 * model's context rather than refused). Errors are ModelErrors, as for chat. */
export function createOllamaEmbedder({ host, fetch = globalThis.fetch, headers = {} }: OllamaClientOptions): EmbeddingClient {
  return {
    async embed({ model, input, signal }) {
      const seen: BodyHead = { text: "" };
      try {
        signal?.throwIfAborted();
        const client = new Ollama({ host, headers, fetch: boundFetch(fetch, signal ?? new AbortController().signal, seen) });
        const { embeddings } = await client.embed({ model, input, truncate: true });
        const valid =
          Array.isArray(embeddings) &&
          embeddings.length === input.length &&
          embeddings.every((v) => Array.isArray(v) && v.length > 0 && v.every(Number.isFinite));
        if (!valid) {
          throw new ModelError(`Ollama's /api/embed answer has no embedding per input: ${seen.text.slice(0, 200)}`, {
            status: null,
            retryable: true,
          });
        }
        return embeddings;
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        throw classify(err, host, seen);
      }
    },
  };
}

function toOllama(m: ChatMessage): Message {
  const out: Message = { role: m.role, content: m.content };
  if (m.toolCalls?.length) out.tool_calls = m.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } }));
  if (m.toolName) out.tool_name = m.toolName;
  return out;
}

/** The first characters of the last response body, to show what a broken answer was. */
type BodyHead = { text: string };

function boundFetch(fetch: typeof globalThis.fetch, signal: AbortSignal, seen: BodyHead): typeof globalThis.fetch {
  return async (input, init = {}) => {
    // Streams carry ollama's own signal (its abort()); keep it and add the caller's.
    const signals = init.signal ? [init.signal, signal] : [signal];
    const response = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
    if (!response.body) return response;
    const decoder = new TextDecoder();
    seen.text = "";
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (seen.text.length < 200) seen.text += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(tap), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function classify(err: unknown, host: string, seen: BodyHead): ModelError {
  if (err instanceof ModelError) return err;
  const e = err as Error & { status_code?: unknown; cause?: { code?: string; message?: string } };
  // ollama 0.6.4 does not export ResponseError: recognise it by name and status_code.
  if (e?.name === "ResponseError" && typeof e.status_code === "number") {
    return new ModelError(`Ollama answered HTTP ${e.status_code}: ${e.message}`, {
      status: e.status_code,
      retryable: isRetryableStatus(e.status_code),
      cause: err,
    });
  }
  if (e?.message === "Did not receive done or success response in stream.") {
    const head = JSON.stringify(seen.text.slice(0, 200));
    return new ModelError(`Ollama's answer is not a chat stream (no final "done" line); it began ${head}`, {
      status: null,
      retryable: true,
      cause: err,
    });
  }
  if (e instanceof SyntaxError) {
    return new ModelError(`Ollama's answer is not JSON; it began ${JSON.stringify(seen.text.slice(0, 200))}`, {
      status: null,
      retryable: true,
      cause: err,
    });
  }
  // undici hides the reason (ECONNREFUSED, "other side closed") in `cause`.
  const why = [e?.message ?? String(err), e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(": ");
  return new ModelError(`Ollama at ${host}: ${why}`, { status: null, retryable: true, cause: err });
}
