// The RunbookIndex over Vigil's database, with the configured embedder (or none).
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Embedder } from "@/lib/runbooks/embed";
import type { RunbookIndex } from "@/lib/runbooks/port";
import { searchRunbooks } from "@/lib/runbooks/search";

/** `db` may be a function, so that building the ports never connects (builds, tests). */
export function dbRunbookIndex(db: Db | (() => Db), embedder: Embedder | null = null): RunbookIndex {
  return { search: (query) => searchRunbooks(typeof db === "function" ? db() : db, query, { embedder }) };
}
