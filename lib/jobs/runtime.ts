// The process's workers: started with the server (instrumentation.ts) on the job queue
// (lib/jobs/queue.ts): investigations, the verifier and its executing sweep, retention and the
// owed-alert sweep; all stopped, and the queue drained, on SIGTERM.
import "server-only";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { drainBoss } from "@/lib/jobs/boss";
import { getBoss, setWorker } from "@/lib/jobs/queue";
import { queueInvestigation, workInvestigations } from "@/lib/jobs/investigations";
import { portsFromEnv } from "@/lib/investigation/runtime";
import { log } from "@/lib/log";
import { afterRca } from "@/lib/remediation/after-rca";
import { remediationPortsFromEnv } from "@/lib/remediation/runtime";
import { startVerifier } from "@/lib/jobs/verifier";
import { startRetention } from "@/lib/jobs/retention";
import { startAuditHeadExport } from "@/lib/jobs/audit-head";
import { startOwedAlertSweep } from "@/lib/jobs/owed-alerts";
import { retentionRules } from "@/lib/retention/policy";
import { drainOnTermination } from "@/lib/runtime/drain";

// On SIGTERM, how long an investigation under way may take to finish before its job is
// released for another instance: well within Kubernetes' 30 s grace period, and within the
// run scripts' (lib/runtime/start.ts).
const DRAIN_TIMEOUT_MS = 10_000;

export async function startJobs(): Promise<void> {
  const boss = await getBoss();
  const stops: (() => void)[] = [];
  drainOnTermination(async () => {
    for (const stop of stops) stop();
    await drainBoss(boss, DRAIN_TIMEOUT_MS);
    log.info("job queue stopped");
  });
  if (!env.VIGIL_WORKER) return;
  const db = getDb();
  setWorker(
    await workInvestigations(boss, db, portsFromEnv, (incidentId, runId) => afterRca(db, incidentId, runId, remediationPortsFromEnv())),
  );
  stops.push(
    startVerifier(db, remediationPortsFromEnv, async (sql, incidentId, traceId) => {
      await queueInvestigation(boss, sql, { incidentId, traceId });
    }),
    startRetention(db, () => retentionRules({ telemetry: env.VIGIL_TELEMETRY_RETENTION_DAYS, changes: env.VIGIL_CHANGE_RETENTION_DAYS })),
    // Hourly, the audit chain's head goes outside the database (lib/audit/head.ts).
    startAuditHeadExport(db),
    startOwedAlertSweep(db),
  );
  log.info("investigation worker, verifier, retention and the owed-alert sweep started");
}
