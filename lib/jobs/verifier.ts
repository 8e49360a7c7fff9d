// The verifier: every few seconds, one pass that first settles actions a stopped process
// left executing (lib/remediation/sweep.ts), then checks executed actions still waiting for their
// verdict. Their state lives in the database, so a restart loses nothing, and the verdict
// is a conditional update, so several instances polling at once record it once.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { pendingVerifications, verifyAction, type Reinvestigate } from "@/lib/remediation/verify";
import { sweepExecuting } from "@/lib/remediation/sweep";
import { log } from "@/lib/log";

export const VERIFY_INTERVAL_MS = 3_000;

export function startVerifier(
  db: Db,
  ports: () => RemediationPorts,
  reinvestigate: Reinvestigate,
  intervalMs = VERIFY_INTERVAL_MS,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const p = ports();
      await sweepExecuting(db, p);
      for (const id of await pendingVerifications(db)) await verifyAction(db, id, p, reinvestigate);
    })()
      .catch((err: Error) => log.error({ err: err.message }, "verification pass failed"))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
