// The durable job queue: pg-boss on Vigil's own PostgreSQL (its tables live in the `pgboss`
// schema). Jobs survive restarts; any instance may work them; a job whose worker died is
// retried once it expires.
import "server-only";
import type { RcaEngine } from "@/lib/investigation/engines";
import PgBoss from "pg-boss";
import { log } from "@/lib/log";

export const INVESTIGATE = "investigate";

/** engine: a person asked for this engine (lib/investigation/engines.ts); absent: as configured. */
export type InvestigateJob = { incidentId: string; traceId: string; engine?: RcaEngine };

export type BossOptions = { poolSize?: number; expireInSeconds?: number; maintenanceIntervalSeconds?: number };

export async function startBoss(databaseUrl: string, options: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: "pgboss",
    max: options.poolSize ?? 2,
    application_name: "vigil-jobs",
    // How often expired jobs (their worker died) are found and retried.
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  });
  boss.on("error", (err) => log.error({ err: (err as Error).message }, "job queue error"));
  await boss.start();
  // `stately`: per incident, at most one investigation queued and one running. An alert
  // that joins while one runs queues exactly one more, which sees the new alert.
  const queue = {
    name: INVESTIGATE,
    policy: "stately" as const,
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 600,
  };
  // Another instance may create it at the same moment; either way, apply these settings.
  if (!(await boss.getQueue(INVESTIGATE))) await boss.createQueue(INVESTIGATE, queue).catch(() => undefined);
  await boss.updateQueue(INVESTIGATE, queue);
  return boss;
}

/** Stops taking jobs and gives those under way up to `timeoutMs` to finish. Any still running
 * then are failed, which retries them (on another instance, or this one once restarted) after
 * their retry delay, instead of leaving them active until they expire. */
/** Stops a queue used for setup only (lib/db/roles.ts creates the schema and queues as the owner). */
export async function stopBoss(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: false, wait: true, timeout: 1_000 });
}

export async function drainBoss(boss: PgBoss, timeoutMs: number): Promise<void> {
  await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
}
