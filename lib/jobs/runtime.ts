// The process's job queue: started with the server (instrumentation.ts), used by the
// webhook to queue investigations. One per process, shared through globalThis because
// Next.js may load this module in several bundles.
import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { startBoss } from "@/lib/jobs/boss";
import { requeueInvestigation, workInvestigations } from "@/lib/jobs/investigations";
import { portsFromEnv } from "@/lib/investigation/runtime";
import { log } from "@/lib/log";
import { afterRca } from "@/lib/remediation/after-rca";
import { remediationPortsFromEnv } from "@/lib/remediation/runtime";
import { startVerifier } from "@/lib/jobs/verifier";
import { startRetention } from "@/lib/jobs/retention";
import { startOwedAlertSweep } from "@/lib/jobs/owed-alerts";
import { retentionRules } from "@/lib/retention/policy";

const holder = globalThis as unknown as { vigilBoss?: Promise<PgBoss>; vigilWorkerId?: string };

export function getBoss(): Promise<PgBoss> {
  if (!env.DATABASE_URL) return Promise.reject(new Error("DATABASE_URL is not set"));
  holder.vigilBoss ??= startBoss(env.DATABASE_URL).catch((err) => {
    holder.vigilBoss = undefined;
    throw err;
  });
  return holder.vigilBoss;
}

export async function startJobs(): Promise<void> {
  const boss = await getBoss();
  if (!env.VIGIL_WORKER) return;
  const db = getDb();
  holder.vigilWorkerId = await workInvestigations(boss, db, portsFromEnv, (incidentId, runId) => afterRca(db, incidentId, runId, remediationPortsFromEnv()));
  startVerifier(db, remediationPortsFromEnv, (incidentId) => requeueInvestigation(boss, db, incidentId));
  startRetention(db, () => retentionRules({ telemetry: env.VIGIL_TELEMETRY_RETENTION_DAYS, changes: env.VIGIL_CHANGE_RETENTION_DAYS }));
  startOwedAlertSweep(db);
  log.info("investigation worker, verifier, retention and the owed-alert sweep started");
}

/** Wakes this instance's worker now, instead of at its next poll: an investigation queued
 * here starts within milliseconds. Other instances pick jobs up at their next poll. */
export async function wakeWorker(): Promise<void> {
  if (!holder.vigilWorkerId) return;
  (await getBoss()).notifyWorker(holder.vigilWorkerId);
}
