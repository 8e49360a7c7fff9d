// npm run bench:audit [-- --events 100000 --full 10 --incremental 200 --appends 5] — audit
// verification at size, on a fresh database on the DATABASE_URL server (dropped at the end):
// seeds the chain through vigil_audit_append (what every writer uses), then times full
// verification (every event, from the first) and the incremental check (from the newest
// checkpoint) with 1..--appends events appended before each check, in the same run, and
// prints p50/p95 and the ratio incremental/full. Both go through verifyAuditTrail, as the
// route and the page do, checkpoint writes included; HTTP and the session are not measured.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { migrateDeploy } from "@/lib/db/migrate";
import { sqlTransaction } from "@/lib/db/sql";
import { appendAudit, type AuditInput } from "@/lib/audit/append";
import { checkpointKey, type VerifyMode } from "@/lib/audit/checkpoint";
import { verifyAuditTrail, type AuditVerification } from "@/lib/audit/verification";
import { BenchDatabases } from "./databases";
import { percentile } from "./stats";
import { parseArgs } from "../scripts/args";

const args = parseArgs(process.argv.slice(2));
const option = (name: string, fallback: number) => Number(args.get(name) ?? fallback);
const events = option("events", 100_000);
const fullRuns = option("full", 10);
const incrementalRuns = option("incremental", 200);
const maxAppends = option("appends", 5);
if (!env.DATABASE_URL) {
  console.error("bench:audit needs DATABASE_URL: a PostgreSQL server it may create a database on");
  process.exit(2);
}

/** The i-th seeded event: the mix of actions and payload sizes an incident's story leaves. */
function event(i: number): AuditInput {
  const incidentId = `inc${Math.floor(i / 40)}`;
  const traceId = (i * 2654435761).toString(16).padStart(32, "0").slice(-32);
  switch (i % 5) {
    case 0:
      return {
        action: "webhook.received",
        actorType: "alertmanager",
        traceId,
        data: { receiver: "oncall", groupKey: `{}:{alertname="A${i % 97}"}`, alerts: 5, status: "firing" },
      };
    case 1:
      return {
        action: "alert.received",
        actorType: "alertmanager",
        incidentId,
        traceId,
        targetType: "Alert",
        targetId: `al${i}`,
        data: { status: "firing", labels: { alertname: `A${i % 97}`, namespace: "shop", pod: `checkout-${i % 13}`, severity: "critical" } },
      };
    case 2:
      return {
        action: "evidence.collected",
        actorType: "agent",
        incidentId,
        traceId,
        data: { kinds: ["logs", "events", "metrics"], items: 12 + (i % 9) },
      };
    case 3:
      return {
        action: "action.proposed",
        actorType: "agent",
        incidentId,
        traceId,
        targetType: "ProposedAction",
        targetId: `pa${i}`,
        data: { kind: "rollback", rank: 1 },
      };
    default:
      return {
        action: "incident.state_changed",
        actorType: "system",
        incidentId,
        traceId,
        targetType: "Incident",
        targetId: incidentId,
        data: { from: "open", to: "investigating" },
      };
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
function figures(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1)! };
}

const databases = new BenchDatabases(env.DATABASE_URL);
const drop = () => databases.dropAll().finally(() => process.exit(130));
process.once("SIGINT", drop);
process.once("SIGTERM", drop);
let failed = false;
try {
  const { url } = await databases.create("audit");
  await migrateDeploy(url, { quiet: true });
  const { db, pool } = createDb(url, 4);
  try {
    let seq = 0;
    const append = (n: number) =>
      sqlTransaction(db, (sql) =>
        appendAudit(
          sql,
          Array.from({ length: n }, () => event(seq++)),
        ),
      );
    const seedStart = performance.now();
    for (let done = 0; done < events; done += 1_000) await append(Math.min(1_000, events - done));
    await db.$executeRawUnsafe(`VACUUM ANALYZE "AuditEvent"`);
    console.log(`Seeded ${events.toLocaleString("en-US")} audit events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const key = checkpointKey(randomBytes(32).toString("hex"));
    const by = { type: "system", id: null } as const;
    const check = async (mode: VerifyMode): Promise<[number, AuditVerification]> => {
      const t0 = performance.now();
      const verdict = await verifyAuditTrail(db, { mode, by, key });
      const elapsed = performance.now() - t0;
      if (!verdict.ok) throw new Error(`${mode} verification found the chain broken at #${verdict.brokenAt}: ${verdict.reason}`);
      return [elapsed, verdict];
    };

    const loadBefore = loadavg()[0]!.toFixed(1);
    // Warm-up (connections, the query compiler, caches); it records the first checkpoint.
    await check("full");
    const full: number[] = [];
    for (let i = 0; i < fullRuns; i++) full.push((await check("full"))[0]);

    const incremental: number[] = [];
    let appended = 0;
    let recomputed = 0;
    for (let i = 0; i < incrementalRuns; i++) {
      const n = 1 + (i % maxAppends);
      await append(n);
      appended += n;
      const [elapsed, verdict] = await check("incremental");
      if (verdict.recorded === null) throw new Error("the incremental check did not move the checkpoint");
      incremental.push(elapsed);
      recomputed += verdict.recomputed;
    }

    const f = figures(full);
    const inc = figures(incremental);
    const total = await db.auditEvent.count();
    console.log(`\nAudit verification, ${total.toLocaleString("en-US")} events at the end (PostgreSQL ${url.replace(/\/\/[^@]*@/, "//")})`);
    console.log(`full verification   ${String(fullRuns).padStart(4)} runs   p50 ${ms(f.p50)}   p95 ${ms(f.p95)}   max ${ms(f.max)}`);
    console.log(
      `incremental check   ${String(incrementalRuns).padStart(4)} runs   p50 ${ms(inc.p50)}   p95 ${ms(inc.p95)}   max ${ms(inc.max)}` +
        `   (1-${maxAppends} events appended before each, ${(recomputed / incrementalRuns).toFixed(1)} recomputed per check on average)`,
    );
    console.log(`ratio incremental/full: p50 ${(inc.p50 / f.p50).toFixed(4)}, p95 ${(inc.p95 / f.p95).toFixed(4)}`);
    console.log(`${appended} events appended during the incremental runs; ${await db.auditCheckpoint.count()} checkpoints recorded`);
    // Other work on the machine queues these times: say how busy it was.
    console.log(`load average (1 min) ${loadBefore} when measuring started, ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    await db.$disconnect();
    await pool.end();
  }
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await databases.dropAll();
}
process.exit(failed ? 1 : 0);
