// Beside the worker: every 30 s, anomaly alerts still owed are delivered (lib/anomaly/deliver.ts).
// An ingest request delivers its own right after its commit; this catches what a crash or a
// failed delivery left, even for a service that sends nothing more.
import "server-only";
import type { Db } from "@/lib/db/client";
import { deliverAllOwed } from "@/lib/anomaly/deliver";
import { log } from "@/lib/log";

export const OWED_SWEEP_MS = 30_000;

export function startOwedAlertSweep(db: Db, intervalMs = OWED_SWEEP_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void deliverAllOwed(db)
      .then((incidents) => incidents.length && log.info({ incidents: incidents.length }, "owed anomaly alerts delivered"))
      .catch((err: Error) => log.error({ err: err.message }, "owed anomaly alert sweep failed"))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
