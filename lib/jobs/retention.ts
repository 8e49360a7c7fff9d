// Retention runs beside the worker: a first pass shortly after start, then hourly. Several
// instances may prune at once; their deletes are of disjoint or already-deleted rows, so
// the only cost is a second, smaller audit event.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { RetentionRule } from "@/lib/retention/policy";
import { pruneExpired } from "@/lib/retention/prune";
import { log } from "@/lib/log";

export const RETENTION_INTERVAL_MS = 3600_000;
const FIRST_PASS_MS = 60_000;

export function startRetention(db: Db, rules: () => RetentionRule[], intervalMs = RETENTION_INTERVAL_MS): () => void {
  let running = false;
  const pass = () => {
    if (running) return;
    running = true;
    void pruneExpired(db, rules())
      .then((removed) => Object.keys(removed).length && log.info({ removed }, "retention pruned expired rows"))
      .catch((err: Error) => log.error({ err: err.message }, "retention pass failed"))
      .finally(() => (running = false));
  };
  const first = setTimeout(pass, Math.min(FIRST_PASS_MS, intervalMs));
  const timer = setInterval(pass, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
