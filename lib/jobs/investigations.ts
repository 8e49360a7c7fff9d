// Investigation jobs: queued in the same transaction that stores the alerts (so an alert is
// never stored without its investigation being due), and worked by any instance.
import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { Sql } from "@/lib/db/sql";
import type { AfterIngest } from "@/lib/alerts/ingest";
import type { InvestigationPorts } from "@/lib/investigation/ports";
import { investigateIncident } from "@/lib/investigation/investigate";
import { INVESTIGATE, type InvestigateJob } from "@/lib/jobs/boss";
import { incidentLogger } from "@/lib/log";
import { withEngine } from "@/lib/investigation/engines";

/** Queues an investigation inside the caller's transaction; resolves to the job's id, or null
 * when one is already queued for the incident (the singleton key). */
export async function queueInvestigation(boss: PgBoss, sql: Sql, job: InvestigateJob): Promise<string | null> {
  return boss.send(INVESTIGATE, job, {
    singletonKey: job.incidentId,
    db: { executeSql: async (text, values) => ({ rows: await sql.rows(text, values) }) },
  });
}

/** The ingest hook that queues an investigation when new firing alerts reach a live incident. */
export function queueOnIngest(boss: PgBoss): AfterIngest {
  return async (sql, result) => {
    if (result.investigate && result.incident)
      await queueInvestigation(boss, sql, { incidentId: result.incident.id, traceId: result.incident.traceId });
  };
}

/** What runs after a successful investigation (the remediation guard). A failure fails the
 * job; its retry does not investigate again (the run records its job) but finishes this. */
export type AfterInvestigation = (incidentId: string, runId: string) => Promise<void>;

export async function workInvestigations(
  boss: PgBoss,
  db: Db,
  ports: () => InvestigationPorts,
  after?: AfterInvestigation,
): Promise<string> {
  let workerId = "";
  workerId = await boss.work<InvestigateJob>(INVESTIGATE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    try {
      const log = incidentLogger(job.data.traceId, { incidentId: job.data.incidentId, jobId: job.id });
      // What follows the RCA failed (the database went away): the job fails and is retried,
      // and the retry, finding the run done, only guards what it proposed.
      const follow = (runId: string) =>
        after!(job.data.incidentId, runId).catch((err: Error) => {
          log.error({ err: err.message }, "remediation after the RCA failed: the job is retried to finish it");
          throw err;
        });
      // Delivered again after its run succeeded (the process or the database went away before
      // pg-boss recorded the job complete, or what followed failed): the RCA stands; only
      // what followed it may be owed.
      const done = await db.agentRun.findFirst({ where: { jobId: job.id, status: "succeeded" }, select: { id: true } });
      if (done) {
        const unguarded = await db.proposedAction.count({ where: { agentRunId: done.id, state: "proposed", policyAllowed: null } });
        log.info({ runId: done.id, unguarded }, "investigation job delivered again after its run succeeded: not investigating twice");
        if (unguarded > 0 && after) await follow(done.id);
        return;
      }
      log.info("investigation job started");
      const result = await investigateIncident(db, job.data.incidentId, withEngine(ports(), job.data.engine), job.id);
      if (result && after) await follow(result.runId);
    } finally {
      // pg-boss waits its polling interval after every fetch, even one that found a job: told
      // that one ended, it fetches the next at once, so a backlog drains as fast as
      // investigations run instead of one a second.
      boss.notifyWorker(workerId);
    }
  });
  return workerId;
}
