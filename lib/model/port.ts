// The language model Vigil reasons with: Ollama's chat API through the `ollama` client
// (lib/model/ollama.ts). Tests and the eval talk to a protocol-faithful fake Ollama server
// (lib/model/fake-ollama.ts) with the same client.
export type ChatMessage = {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  /** On an assistant message: the tools it asked for. */
  toolCalls?: ToolCall[];
  /** On a tool message: which tool answered. */
  toolName?: string;
};

/** A function the model may call (Ollama's `tools`): a name, what it does, its JSON-schema parameters. */
export type ToolParameter = { type: string; description?: string; enum?: string[] };
export type ToolSpec = {
  name: string;
  description: string;
  parameters: { type: "object"; properties: Record<string, ToolParameter>; required?: string[] };
};
export type ToolCall = { name: string; arguments: Record<string, unknown> };

export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  /** A JSON schema the answer must follow (Ollama structured outputs). */
  format?: Record<string, unknown>;
  /** Tools the model may call instead of answering. */
  tools?: ToolSpec[];
  /** Sampling options; `num_predict` caps the answer's length in tokens. */
  options?: { temperature?: number; num_ctx?: number; num_predict?: number; seed?: number };
  /** W3C traceparent of the incident, sent as a header on the model request. */
  traceparent?: string;
  signal?: AbortSignal;
};

export type ChatResult = {
  content: string;
  /** The tools the model asked for; empty when it answered. */
  toolCalls: ToolCall[];
  promptTokens: number | null;
  completionTokens: number | null;
  /** Wall time of the request, first byte to last. */
  durationMs: number;
  model: string;
};

export interface ModelClient {
  /** Streams the answer; `onToken` receives each piece as it is generated. */
  chat(request: ChatRequest, onToken?: (piece: string) => void): Promise<ChatResult>;
  /** Names of the models the server has (GET /api/tags). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/** Embeddings (Ollama's POST /api/embed): one vector per input, in input order. */
export type EmbedRequest = {
  model: string;
  input: string[];
  signal?: AbortSignal;
};

export interface EmbeddingClient {
  embed(request: EmbedRequest): Promise<number[][]>;
}
