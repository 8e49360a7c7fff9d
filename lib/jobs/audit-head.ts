// The hourly export of the audit chain's head (lib/audit/head.ts), beside the worker: a first
// pass shortly after start, then one an interval after each pass ends, so a slow export (a
// webhook that times out, a long walk) never overlaps the next. Each instance exports on its
// own, to its own file and log lines; a second export of the same head costs one audit event.
import "server-only";
import type { Db } from "@/lib/db/client";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { exportAuditHead, headOutputsFromEnv } from "@/lib/audit/head";
import { log } from "@/lib/log";

export const AUDIT_HEAD_INTERVAL_MS = 3600_000;
const FIRST_PASS_MS = 60_000;

export function startAuditHeadExport(db: Db, intervalMs = AUDIT_HEAD_INTERVAL_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const after = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void pass(), ms);
    timer.unref();
  };
  const pass = async () => {
    try {
      // A broken chain is logged by exportAuditHead itself; this is for what it could not do at all.
      await exportAuditHead(db, { by: { type: "system", id: null }, key: serverCheckpointKey(), outputs: headOutputsFromEnv() });
    } catch (err) {
      log.error({ err: (err as Error).message }, "audit chain head export failed");
    }
    after(intervalMs);
  };
  after(Math.min(FIRST_PASS_MS, intervalMs));
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
