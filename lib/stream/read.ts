// Reads an incident's stream from a sequence number on: the backlog a (re)connecting
// browser gets before it follows live.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { StreamEvent } from "@/lib/stream/types";

export async function eventsAfter(db: Db, incidentId: string, after: bigint, limit = 500): Promise<StreamEvent[]> {
  const rows = await db.streamEvent.findMany({ where: { incidentId, seq: { gt: after } }, orderBy: { seq: "asc" }, take: limit });
  return rows.map((r) => ({ seq: r.seq.toString(), kind: r.kind, at: r.at.toISOString(), data: r.data }) as StreamEvent);
}

export function parseLastEventId(value: string | null): bigint {
  return value && /^\d{1,19}$/.test(value) ? BigInt(value) : 0n;
}
