// Appends events to an incident's stream and tells every app instance (LISTEN/NOTIFY on
// commit), so browsers connected to any replica see them at once.
import "server-only";
import type { Db } from "@/lib/db/client";
import { STREAM_CHANNEL, type StreamEventData, type StreamEventKind } from "@/lib/stream/types";

export type PendingEvent = { [K in StreamEventKind]: { kind: K; data: StreamEventData[K] } }[StreamEventKind];

export async function emit(db: Db, incidentId: string, runId: string | null, events: PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.$transaction(async (tx) => {
    await tx.streamEvent.createMany({ data: events.map((e) => ({ incidentId, runId, kind: e.kind, data: e.data as object })) });
    await tx.$executeRaw`SELECT pg_notify(${STREAM_CHANNEL}, ${incidentId})`;
  });
}

/** Collects model tokens and writes them in small batches: one row per token would
 * cost more than the token itself. The first piece goes out at once: a person watching
 * should see the answer start the moment the model starts it. Every write goes through one
 * promise chain, so the stream keeps the order things happened in. */
export function tokenWriter(db: Db, incidentId: string, runId: string, flushMs = 100) {
  let buffer = "";
  let timer: NodeJS.Timeout | null = null;
  let chain = Promise.resolve();
  let first = true;
  const flush = () => {
    timer = null;
    if (!buffer) return chain;
    const text = buffer;
    buffer = "";
    chain = chain.then(() => emit(db, incidentId, runId, [{ kind: "token", data: { runId, text } }]));
    return chain;
  };
  return {
    push(piece: string) {
      buffer += piece;
      if (first) {
        first = false;
        void flush();
        return;
      }
      timer ??= setTimeout(() => void flush(), flushMs);
    },
    async close() {
      if (timer) clearTimeout(timer);
      await flush();
    },
    /** Emits `events` after the tokens buffered so far, on the same chain: a tool call or a
     * reset lands between the tokens before and after it, and two calls keep their order. */
    emitAfter(events: PendingEvent[]): Promise<void> {
      if (timer) clearTimeout(timer);
      void flush();
      chain = chain.then(() => emit(db, incidentId, runId, events));
      return chain;
    },
  };
}
