// Bounds on runbooks: what one file may be, how big a chunk grows, how much of the library
// one investigation may cite. Shared by the upload, the folder sync and the search.

/** A runbook file larger than this is refused (upload) or skipped (sync). */
export const RUNBOOK_MAX_BYTES = 256 * 1024;

/** Chunks aim below this many tokens (lib/evidence/tokens.ts); a long section is split at
 * paragraph boundaries to stay under it, except inside a fenced code block. */
export const CHUNK_MAX_TOKENS = 400;

/** At most this many chunks come back from a search (and become evidence). */
export const SEARCH_LIMIT = 3;

/** A runbook contributes at most this many of them, so one long document cannot crowd out
 * the others. */
export const CHUNKS_PER_RUNBOOK = 2;

/** Front matter lists (alerts, services) and their entries. */
export const MAX_LIST_ITEMS = 50;
export const MAX_LIST_ITEM_CHARS = 200;
