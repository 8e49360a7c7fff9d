// npm run bench:chaos [-- --alerts 100000] — Vigil through chaos: an Alertmanager HA pair
// replays N alerts (every notification twice, retried with backoff) while PostgreSQL is
// restarted twice (once cleanly, once as a crash) and the server is killed with SIGKILL
// once; then every alert must be stored once, every incident investigated once, and the
// audit chain intact. Needs Debian's PostgreSQL server binaries (it runs its own cluster).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { freePort } from "@/lib/db/embedded";
import { startVigil, type RunningVigil } from "@/lib/runtime/start";
import { startLiveDemo, type LiveDemo } from "@/lib/demo/live";
import { isProcessAlive } from "@/lib/process";
import { startLocalPostgres, type LocalPostgres } from "../scripts/test/postgres";
import { withDatabase } from "./databases";
import { parseChaosOptions } from "./chaos-options";
import { chaosWorkload } from "./chaos-workload";
import { newStats, runReplica, type Attempt } from "./chaos-sender";
import { ChaosSchedule, type Act, type DisruptionKind } from "./chaos-disruptions";
import { verifyChaos, type SentLedger } from "./chaos-verify";
import { drainInvestigations } from "./chaos-drain";
import { printChaosReport } from "./chaos-report";

const options = parseChaosOptions(process.argv.slice(2));
const say = (line: string) => console.log(`chaos: ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const token = randomBytes(24).toString("base64url");
let postgres: LocalPostgres | null = null;
let demo: LiveDemo | null = null;
let vigil: RunningVigil | null = null;

async function cleanUp(): Promise<void> {
  await vigil?.stop().catch(() => undefined);
  await demo?.stop().catch(() => undefined);
  postgres?.stop();
  vigil = demo = postgres = null;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping the server, the sandbox and PostgreSQL`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const started = performance.now();
  postgres = await startLocalPostgres({ durable: true });
  if (!postgres) throw new Error("needs Debian's PostgreSQL server binaries (/usr/lib/postgresql/*/bin): apt-get install -y postgresql");
  const pgServer = postgres;
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE vigil_chaos`);
  await admin.end();
  const databaseUrl = withDatabase(pgServer.url, "vigil_chaos");
  // The demo's sandbox cluster and Prometheus: investigations read real workloads from them.
  demo = await startLiveDemo();
  const port = await freePort();
  const env = {
    ...demo.env,
    VIGIL_WEBHOOK_TOKEN: token,
    LOG_LEVEL: "error",
    VIGIL_DB_POOL_SIZE: String(options.poolSize),
    VIGIL_WORKER: "true",
  };
  const rebuilds: string[] = [];
  const startServer = (why: string) =>
    startVigil({
      mode: "start",
      port,
      databaseUrl,
      dataDir: null,
      env,
      log: (line) => {
        say(line);
        // startVigil rebuilds the console when the sources changed since the last build.
        if (line.startsWith("Building")) rebuilds.push(why);
      },
    });
  vigil = await startServer("start");
  say(
    `PostgreSQL ${pgServer.url.replace(/\/postgres$/, "")} (own cluster), Vigil ${vigil.url} with its worker, sandbox cluster ${demo.env.VIGIL_CLUSTER_URL}`,
  );

  const workload = chaosWorkload(options.alerts, options.seed);
  const deliveries = 2 * workload.notifications.length;
  say(
    `${workload.distinctAlerts} alerts in ${workload.groups.length} groups, ${workload.notifications.length} notifications, each sent by 2 replicas`,
  );

  const pgRestart =
    (mode: "fast" | "immediate"): Act =>
    async (down) => {
      await pgServer.stopServer(mode);
      down();
      await sleep(options.pgDownMs);
      await pgServer.startServer();
    };
  const acts: Record<DisruptionKind, Act> = {
    "postgres-fast": pgRestart("fast"),
    "postgres-crash": pgRestart("immediate"),
    "server-kill": async (down) => {
      const group = -vigil!.server.pid!;
      process.kill(group, "SIGKILL");
      // Bounded: a zombie not yet reaped still counts as alive.
      for (let i = 0; i < 500 && isProcessAlive(group); i++) await sleep(10);
      down();
      // On the same port: the replicas keep posting to the same URL.
      vigil = await startServer("restart after kill -9");
    },
  };
  const schedule = new ChaosSchedule(acts, say);
  const ledger: SentLedger = { accepted: 0, acceptedAlerts: 0, receiptStored: 0, receiptDuplicates: 0, uncertainByGroup: new Map() };
  let accepted = 0;
  const onAttempt = (a: Attempt, n: { group: number }) => {
    schedule.attempt(a);
    if (a.ok) {
      ledger.acceptedAlerts += workload.groups[n.group]!.alerts.length;
      schedule.progress(++accepted / deliveries);
    } else if (!/ECONNREFUSED/.test(a.error ?? "")) {
      // Refused never reached the server; anything else may have committed before the answer was lost.
      ledger.uncertainByGroup.set(n.group, (ledger.uncertainByGroup.get(n.group) ?? 0) + 1);
    }
  };
  const replicas = [newStats("alertmanager-0"), newStats("alertmanager-1")];
  const url = `${vigil.url}/api/webhooks/alertmanager`;
  const sendStart = performance.now();
  const progress = setInterval(() => {
    const retries = replicas.reduce((n, r) => n + r.retries, 0);
    say(
      `${((100 * accepted) / deliveries).toFixed(0)}% delivered, ${retries} retries, ${((performance.now() - sendStart) / 1000).toFixed(0)} s`,
    );
  }, 30_000);
  await Promise.all(
    replicas.map((stats, i) =>
      runReplica(workload, { name: stats.name, url, token, concurrency: options.concurrency, seed: options.seed + i, onAttempt }, stats),
    ),
  );
  await schedule.settle();
  clearInterval(progress);
  const sendEnd = performance.now();
  for (const r of replicas) {
    ledger.accepted += r.accepted;
    ledger.receiptStored += r.stored;
    ledger.receiptDuplicates += r.duplicates;
  }
  say(`all ${deliveries} deliveries accepted in ${((sendEnd - sendStart) / 1000).toFixed(1)} s; waiting for the investigations`);
  const drain = await drainInvestigations(databaseUrl, options.drainTimeoutMs, say);
  const drainEnd = performance.now();
  await vigil.stop();
  vigil = null;
  const verdict = await verifyChaos(databaseUrl, workload, ledger);
  const problems = [...verdict.problems];
  for (const d of schedule.disruptions) {
    if (d.startedAt === undefined) problems.push(`${d.label}: never happened`);
    if (d.error) problems.push(`${d.label}: ${d.error}`);
  }
  for (const r of replicas)
    if (r.rejected.length) problems.push(`${r.name}: ${r.rejected.length} notifications rejected (4xx), e.g. ${r.rejected[0]}`);
  if (!drain.drained) problems.push(`investigations still pending after ${options.drainTimeoutMs / 1000} s`);
  printChaosReport({
    options,
    workload,
    replicas,
    disruptions: schedule.disruptions,
    verdict,
    sendStart,
    times: { setupS: (sendStart - started) / 1000, sendS: (sendEnd - sendStart) / 1000, drainS: (drainEnd - sendEnd) / 1000 },
    drain,
    rebuilds,
  });
  if (problems.length === 0) return 0;
  console.error(`\nbench:chaos FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`bench:chaos: ${(err as Error).stack ?? err}`);
} finally {
  await cleanUp();
}
process.exit(exitCode);
