// Embeddings for runbook chunks and queries, when a model is configured (VIGIL_EMBED_MODEL,
// through Ollama's /api/embed). Optional by design: any failure — Ollama down, a model that
// cannot embed, a timeout, vectors of the wrong shape — is logged and answered with null,
// and the caller carries on with full-text search alone. Never fails a sync or an investigation.
import "server-only";
import type { EmbeddingClient } from "@/lib/model/port";
import { log } from "@/lib/log";

export type Embedder = { client: EmbeddingClient; model: string; timeoutMs?: number };

/** Inputs per request: keeps each request small enough to answer within its timeout. */
const BATCH = 16;
const DEFAULT_TIMEOUT_MS = 30_000;

function normalised(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm > 0 ? vector.map((v) => v / norm) : vector;
}

/** One unit vector per text, or null if any batch failed (logged, with `what` it was for). */
export async function embedTexts(embedder: Embedder, texts: string[], what: string): Promise<number[][] | null> {
  if (texts.length === 0) return [];
  const vectors: number[][] = [];
  try {
    for (let i = 0; i < texts.length; i += BATCH) {
      const input = texts.slice(i, i + BATCH);
      const batch = await embedder.client.embed({
        model: embedder.model,
        input,
        signal: AbortSignal.timeout(embedder.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      vectors.push(...batch.map(normalised));
    }
    const dims = vectors[0]!.length;
    if (vectors.some((v) => v.length !== dims)) throw new Error(`vectors of different lengths from one model`);
    return vectors;
  } catch (err) {
    log.warn({ model: embedder.model, what, err: (err as Error).message.slice(0, 300) }, "embedding failed: using full-text search only");
    return null;
  }
}
