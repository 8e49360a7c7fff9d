// The runbook library's runtime pieces from configuration: the embedder (VIGIL_EMBED_MODEL
// through OLLAMA_HOST), the investigation port, and the folder sync that runs at start and
// every VIGIL_RUNBOOKS_SYNC_MINUTES (instrumentation.ts). Built once per process.
import "server-only";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { VigilError } from "@/lib/errors";
import { createOllamaEmbedder } from "@/lib/model/ollama";
import type { Embedder } from "@/lib/runbooks/embed";
import { dbRunbookIndex } from "@/lib/runbooks/index-port";
import type { RunbookIndex } from "@/lib/runbooks/port";
import { syncRunbookFolder, type SyncActor, type SyncResult } from "@/lib/runbooks/sync";

const holder = globalThis as unknown as { vigilRunbookEmbedder?: Embedder | null; vigilRunbookSync?: NodeJS.Timeout };

/** The embedding model, when one is configured and reachable by configuration; else null. */
export function embedderFromEnv(): Embedder | null {
  if (holder.vigilRunbookEmbedder !== undefined) return holder.vigilRunbookEmbedder;
  holder.vigilRunbookEmbedder =
    env.VIGIL_EMBED_MODEL && env.OLLAMA_HOST
      ? { client: createOllamaEmbedder({ host: env.OLLAMA_HOST }), model: env.VIGIL_EMBED_MODEL }
      : null;
  return holder.vigilRunbookEmbedder;
}

export function runbookIndexFromEnv(): RunbookIndex {
  return dbRunbookIndex(getDb, embedderFromEnv());
}

/** Whether a runbooks folder is configured (the console offers "Sync now" only then). */
export function runbookFolder(): string | null {
  return env.VIGIL_RUNBOOKS_DIR ?? null;
}

export function syncConfiguredFolder(actor: SyncActor): Promise<SyncResult> {
  const dir = runbookFolder();
  if (!dir) return Promise.reject(new VigilError("bad_request", "no runbooks folder is configured: set VIGIL_RUNBOOKS_DIR"));
  return syncRunbookFolder(getDb(), dir, { embedder: embedderFromEnv(), actor });
}

function logResult(result: SyncResult, dir: string) {
  const changed = result.added + result.updated + result.removed + result.embedded > 0;
  if (changed || result.failed.length) log.info({ dir, ...result, failed: result.failed }, "runbooks synced");
  else log.debug({ dir, unchanged: result.unchanged }, "runbooks unchanged");
}

/** Syncs the folder now (in the background: the server does not wait) and then every few
 * minutes; a failed pass is logged and the next one tries again. */
export function startRunbookSync(): void {
  if (env.VIGIL_EMBED_MODEL && !env.OLLAMA_HOST)
    log.warn("VIGIL_EMBED_MODEL is set but OLLAMA_HOST is not: runbooks are searched by full text only");
  const dir = runbookFolder();
  if (!dir || holder.vigilRunbookSync) return;
  let running = false;
  const pass = () => {
    if (running) return;
    running = true;
    syncConfiguredFolder({ type: "system" })
      .then((result) => logResult(result, dir))
      .catch((err: Error) => log.error({ dir, err: err.message }, "runbook sync failed"))
      .finally(() => (running = false));
  };
  pass();
  if (env.VIGIL_RUNBOOKS_SYNC_MINUTES > 0) {
    holder.vigilRunbookSync = setInterval(pass, env.VIGIL_RUNBOOKS_SYNC_MINUTES * 60_000);
    holder.vigilRunbookSync.unref();
  }
}
