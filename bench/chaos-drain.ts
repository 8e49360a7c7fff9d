// Waits for the investigation queue to empty: no investigate job queued, waiting to retry or
// active. A job whose worker was killed stays active until it expires (lib/jobs/boss.ts),
// so this can take minutes after a kill -9.
import { performance } from "node:perf_hooks";
import pg from "pg";

/** `atStart`: the job states when sending ended; `lastStates`: when the wait ended. */
export type DrainResult = { drained: boolean; seconds: number; atStart: Record<string, number>; lastStates: Record<string, number> };

const POLL_MS = 2_000;
const REPORT_MS = 30_000;

export async function jobStates(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ state: string; n: string }>(
    `SELECT state::text, count(*)::text AS n FROM pgboss.job WHERE name = 'investigate' GROUP BY state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export async function drainInvestigations(databaseUrl: string, timeoutMs: number, log: (line: string) => void): Promise<DrainResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const start = performance.now();
  let reported = start;
  let atStart: Record<string, number> | undefined;
  try {
    for (;;) {
      const states = await jobStates(client);
      atStart ??= states;
      const pending = (states.created ?? 0) + (states.retry ?? 0) + (states.active ?? 0);
      const seconds = (performance.now() - start) / 1000;
      if (pending === 0 || performance.now() - start > timeoutMs) return { drained: pending === 0, seconds, atStart, lastStates: states };
      if (performance.now() - reported >= REPORT_MS) {
        reported = performance.now();
        log(
          `investigations: ${states.completed ?? 0} done, ${states.created ?? 0} queued, ${states.retry ?? 0} to retry, ${states.active ?? 0} active (${seconds.toFixed(0)} s)`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await client.end();
  }
}
