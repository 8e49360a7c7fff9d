// npm run bench:console [-- --incidents 10000 --audit 100000 --requests 200 --warmup 20 --q checkout --keep]
// What a person waits for in the console with a realistic history: seeds a fresh database
// (incidents, alerts, investigations, a hash-chained audit trail) with set-based SQL, starts
// the production server on it, and times the incident list and page, their HTML, the audit
// and overview APIs, against the same domain queries run alone; then weighs each page's JS.
import os from "node:os";
import pg from "pg";
import { freePort } from "@/lib/db/embedded";
import { migrateDeploy } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
import { startVigil, type RunningVigil } from "@/lib/runtime/start";
import { verifyAuditChain, type ChainVerdict } from "@/lib/audit/verify";
import { BenchDatabases } from "./databases";
import { parseConsoleOptions } from "./console-options";
import { seedIncidents, BENCH_RESPONDER } from "./console-seed";
import { seedAudit } from "./console-audit";
import { benchPages, checkAnswers, consoleEndpoints, pickIncidents } from "./console-endpoints";
import { get, httpCall, measure, pageWeight, type PageWeight } from "./console-measure";
import { printMachine, printTimes, printWeights, type EndpointResult } from "./console-report";
import { signIn } from "./rca-session";

const options = parseConsoleOptions(process.argv.slice(2));
const databases = new BenchDatabases(options.serverUrl);
const admin = { email: "admin@bench.local", password: "bench-console-password" };
const say = (line: string) => console.log(`bench: ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let vigil: RunningVigil | null = null;
let keptDatabase: string | null = null;

async function cleanUp(): Promise<void> {
  await vigil?.stop().catch(() => undefined);
  vigil = null;
  if (keptDatabase) say(`kept the bench database: ${keptDatabase}`);
  else await databases.dropAll().catch((err) => console.error(`bench: could not drop the bench database: ${(err as Error).message}`));
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    say(`${signal}: stopping the server and dropping the bench database`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function chainLine(verdict: ChainVerdict): string {
  if (!verdict.ok) throw new Error(`audit chain broken at seq ${verdict.brokenAt}: ${verdict.reason}`);
  return `${verdict.checked.toLocaleString("en-US")} events, chain intact`;
}

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const start = performance.now();
    await seedIncidents(client, options.incidents);
    const incidentsDone = performance.now();
    await seedAudit(client, options.auditEvents, BENCH_RESPONDER.id);
    const auditDone = performance.now();
    await client.query("VACUUM ANALYZE");
    const { rows } = await client.query<Record<string, number>>(
      `SELECT ${["Incident", "Alert", "AgentRun", "AgentStep", "Evidence", "ProposedAction", "Approval", "AuditEvent"]
        .map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`)
        .join(", ")}`,
    );
    say(
      `seeded ${Object.entries(rows[0]!)
        .map(([t, n]) => `${n.toLocaleString("en-US")} ${t}`)
        .join(", ")}`,
    );
    say(
      `seed time ${seconds(auditDone - start)}: incidents and investigations ${seconds(incidentsDone - start)}, ` +
        `audit chain ${seconds(auditDone - incidentsDone)}; VACUUM ANALYZE ${seconds(performance.now() - auditDone)}`,
    );
  } finally {
    await client.end();
  }
}

let exitCode = 0;
try {
  const database = await databases.create("console");
  if (options.keep) keptDatabase = database.url;
  say(`fresh database ${database.name}: migrating and seeding ${options.incidents} incidents, ${options.auditEvents} audit events`);
  await migrateDeploy(database.url, { quiet: true });
  await seed(database.url);
  const { db, pool } = createDb(database.url, options.poolSize);
  try {
    const verifyStart = performance.now();
    say(
      `audit chain verified with lib/audit/verify.ts: ${chainLine(await verifyAuditChain(db))} (${seconds(performance.now() - verifyStart)})`,
    );
    await databases.checkpoint();

    say("starting Vigil (production build, built first if stale), the investigation worker off");
    vigil = await startVigil({
      port: await freePort(),
      databaseUrl: database.url,
      dataDir: null,
      inheritOutput: false,
      log: say,
      env: {
        LOG_LEVEL: "warn",
        VIGIL_WORKER: "false",
        VIGIL_DB_POOL_SIZE: String(options.poolSize),
        VIGIL_ADMIN_EMAIL: admin.email,
        VIGIL_ADMIN_PASSWORD: admin.password,
      },
    });
    const cookie = await signIn(vigil.url, admin.email, admin.password);
    const picks = await pickIncidents(pool, options.requests + options.warmup, options.incidents);
    await checkAnswers(vigil.url, cookie, picks, options.q, options.incidents);

    // Weighed first, while the build this server runs is sure to be the one on disk.
    const weights: (PageWeight | { path: string; skipped: true })[] = [];
    for (const page of benchPages(picks)) {
      const probe = await get(vigil.url, page.path, cookie);
      if (page.optional && probe.status === 404) weights.push({ path: page.label, skipped: true });
      else weights.push({ ...(await pageWeight(vigil.url, cookie, page.path)), path: page.label });
    }

    say(
      `load average before measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (other work on the machine moves the times, much less the CPU per request)`,
    );
    const results: EndpointResult[] = [];
    for (const endpoint of await consoleEndpoints(db, picks, options.q)) {
      const n = endpoint.requests ? Math.min(endpoint.requests, options.requests) : options.requests;
      const warmup = endpoint.requests ? Math.min(2, options.warmup) : options.warmup;
      if (endpoint.optional && (await get(vigil.url, endpoint.path(0), cookie)).status === 404) {
        say(`${endpoint.label}: 404, not there yet: skipped`);
        results.push({ label: endpoint.label, server: null, query: null });
        continue;
      }
      say(`${endpoint.label}: ${warmup} warm-up + ${n} requests, then the query alone`);
      const server = await measure(n, warmup, httpCall(vigil.url, cookie, endpoint.path), database.name, vigil.server.pid);
      const query = endpoint.query ? await measure(n, warmup, endpoint.query, database.name) : null;
      results.push({ label: endpoint.label, server, query });
    }

    const finalStart = performance.now();
    const finalChain = chainLine(await verifyAuditChain(db));
    say(`audit chain after the run (sign-ins appended by the server): ${finalChain} (${seconds(performance.now() - finalStart)})`);

    console.log(
      `\nConsole bench: ${options.incidents.toLocaleString("en-US")} incidents, ${options.auditEvents.toLocaleString("en-US")} audit events, ` +
        `free text "${options.q}", DB pool ${options.poolSize}, investigation worker off`,
    );
    printTimes(results, options.requests);
    printWeights(weights);
    printMachine();
  } finally {
    await db.$disconnect();
    await pool.end();
  }
} catch (err) {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
