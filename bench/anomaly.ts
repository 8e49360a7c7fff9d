// npm run bench:anomaly [-- --senders 4 --duration 20 --warmup 5 --batch 2500 --services 200 --shape own] —
// metric points ingested AND evaluated per second through Vigil's ingest route (anomaly
// detection in the same transaction), against the same batches stored without evaluation.
// Checks that every acknowledged point was stored and evaluated once, and that the injected
// anomalies were found.
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { migrateDeploy } from "@/lib/db/migrate";
import { freePort } from "@/lib/db/embedded";
import { createDb } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { createApiKey } from "@/lib/ingest/keys";
import { stopProcessGroup } from "@/lib/process";
import { BenchDatabases } from "./databases";
import { parseAnomalyOptions, type AnomalyBenchOptions, type AnomalySide } from "./anomaly-options";
import { AnomalyWorkload } from "./anomaly-workload";
import { runAnomalyLoad, type AnomalyLoad } from "./anomaly-load";
import { integrityProblems, verifyAnomalies, type AnomalyIntegrity } from "./anomaly-verify";
import { cpuBetween, sampleCpu, type CpuSample, type CpuUsage } from "./cpu";
import { percentile } from "./stats";

const GOAL_POINTS_PER_S = 20_000;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const options = parseAnomalyOptions(process.argv.slice(2));
const databases = new BenchDatabases(options.serverUrl);
const running = new Set<() => Promise<void>>();
const say = (line: string) => console.log(`bench: ${line}`);

type SideResult = { side: AnomalySide; load: AnomalyLoad; cpu: CpuUsage; integrity: AnomalyIntegrity; acked: number; series: number };

async function cleanUp(): Promise<void> {
  for (const stop of [...running]) await stop().catch(() => undefined);
  running.clear();
  await databases.dropAll().catch((err) => console.error(`bench: could not drop the bench databases: ${(err as Error).message}`));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping the server and dropping the bench databases`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function startServer(databaseUrl: string, detect: boolean) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(root, "bench", "anomaly-server.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: "warn",
      VIGIL_WORKER: "false",
      VIGIL_DB_POOL_SIZE: String(options.poolSize),
      VIGIL_ANOMALY_DETECTION: String(detect),
    },
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => stopProcessGroup(server);
  running.add(stop);
  for (const deadline = Date.now() + 30_000; ;) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was ready`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, pid: server.pid, stop };
    if (Date.now() > deadline) throw new Error("the server was not ready after 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One API key per sender: each source has its own, as in production. */
async function secretsFor(url: string, n: number): Promise<string[]> {
  const { db, pool } = createDb(url, 1);
  try {
    const admin = await createUser(
      db,
      { email: `bench-${randomBytes(4).toString("hex")}@vigil.test`, password: randomBytes(16).toString("hex"), role: "admin" },
      { type: "system" },
    );
    const secrets: string[] = [];
    for (let i = 0; i < n; i++)
      secrets.push((await createApiKey(db, { name: `bench sender ${i}`, scopes: ["ingest:metrics"] }, admin.id)).secret);
    return secrets;
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

async function runSide(side: AnomalySide, opts: AnomalyBenchOptions): Promise<SideResult> {
  const database = await databases.create(side);
  await migrateDeploy(database.url, { quiet: true });
  const keys = await secretsFor(database.url, opts.keys || opts.senders);
  const secrets = Array.from({ length: opts.senders }, (_, i) => keys[i % keys.length]!);
  const server = await startServer(database.url, side === "detect");
  await databases.checkpoint();
  const prefix = randomBytes(3).toString("hex");
  const workload = new AnomalyWorkload({
    services: opts.services,
    senders: opts.senders,
    batch: opts.batch,
    start: Date.now() - 3 * 3600_000,
    injectEveryBatches: opts.injectEvery,
    shape: opts.shape,
    prefix,
  });
  say(
    `${side}: ${opts.warmupS} s warm-up + ${opts.durationS} s, ${opts.senders} senders, ${workload.seriesCount} series, against ${server.url}`,
  );
  const samples: Partial<Record<"start" | "end", CpuSample>> = {};
  const load = await runAnomalyLoad(workload, {
    url: `${server.url}/api/ingest/metrics`,
    secrets,
    warmupS: opts.warmupS,
    durationS: opts.durationS,
    onWindow: (edge) => (samples[edge] = sampleCpu(server.pid, database.name)),
  });
  await server.stop();
  running.delete(server.stop);
  if (load.errors) say(`${side}: ${load.errors} failed batches: ${load.errorSamples.join(" | ")}`);
  const start = samples.start ?? sampleCpu(undefined, database.name);
  const cpu = cpuBetween(start, samples.end ?? start);
  const integrity = await verifyAnomalies(database.url, workload, side === "detect");
  return { side, load, cpu, integrity, acked: workload.acked, series: workload.seriesCount };
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

function print(results: SideResult[]): void {
  console.log(
    `\nAnomaly detection on ingest: ${options.senders} senders × ${options.batch}-point batches, ${options.services} services × 5 metrics ` +
      `(${options.shape === "own" ? "each sender its own services" : "every sender all services"}), ${options.keys || options.senders} API keys, ` +
      `${options.warmupS} s warm-up + ${options.durationS} s measured per side, DB pool ${options.poolSize}, ${os.cpus().length} CPUs, Node ${process.versions.node}\n`,
  );
  const label: Record<AnomalySide, string> = { detect: "stored + evaluated", store: "stored only" };
  const rows: [string, (r: SideResult) => string][] = [
    ["points/s", (r) => fixed(r.load.points / r.load.windowS)],
    ["batches/s", (r) => fixed(r.load.batches / r.load.windowS, 1)],
    [
      "p50 batch",
      (r) =>
        `${fixed(
          percentile(
            [...r.load.latenciesMs].sort((a, b) => a - b),
            50,
          ),
          1,
        )} ms`,
    ],
    [
      "p99 batch",
      (r) =>
        `${fixed(
          percentile(
            [...r.load.latenciesMs].sort((a, b) => a - b),
            99,
          ),
          1,
        )} ms`,
    ],
    [
      "CPU s/10k pts",
      (r) =>
        `server ${fixed((r.cpu.serverS * 1e4) / r.load.points, 2)}, postgres ${fixed((r.cpu.postgresS * 1e4) / r.load.points, 2)}, senders ${fixed((r.cpu.clientS * 1e4) / r.load.points, 2)}`,
    ],
    ["machine busy", (r) => `${fixed(r.cpu.machineBusyPct)}%`],
    ["errors", (r) => `${r.load.errors} of ${r.load.sent} batches`],
    ["stored", (r) => `${r.integrity.storedPoints} of ${r.acked} acknowledged`],
    [
      "evaluated",
      (r) => (r.integrity.evaluatedSamples === null ? "-" : `${r.integrity.evaluatedSamples} samples in ${r.integrity.series} series`),
    ],
  ];
  const width = Math.max(...results.map((r) => Math.max(label[r.side].length, ...rows.map(([, f]) => f(r).length)))) + 2;
  console.log(`  ${"".padEnd(15)}${results.map((r) => label[r.side].padEnd(width)).join("")}`);
  for (const [name, f] of rows) console.log(`  ${name.padEnd(15)}${results.map((r) => f(r).padEnd(width)).join("")}`);

  const detect = results.find((r) => r.side === "detect");
  const store = results.find((r) => r.side === "store");
  if (detect) {
    const i = detect.integrity;
    const samples = i.evaluatedSamples ?? 0;
    console.log(
      `\ninjected anomalies (3 samples at 8σ): ${i.injected}; found ${i.found} (recall ${fixed(i.injected ? i.found / i.injected : NaN, 3)}), as critical alerting episodes ${i.foundAlerting}`,
    );
    console.log(
      `noise (Gaussian) flagged: ${i.noise.episodes} episodes in ${samples} samples (${fixed((100 * i.noise.episodes) / Math.max(1, samples), 2)}%; ` +
        `medium ${i.noise.medium}, high ${i.noise.high}, critical ${i.noise.critical}); alerting on noise: ${i.noise.alerting}`,
    );
    console.log(`alert path: ${i.alerts} VigilAnomaly alerts in ${i.incidents} incidents`);
  }
  if (detect && store)
    console.log(
      `\nthroughput ratio evaluated/stored-only: ${fixed(detect.load.points / detect.load.windowS / (store.load.points / store.load.windowS), 2)}`,
    );
  if (detect) {
    const rate = detect.load.points / detect.load.windowS;
    console.log(`goal: >= ${GOAL_POINTS_PER_S} points/s ingested and evaluated: ${rate >= GOAL_POINTS_PER_S ? "met" : "MISSED"}`);
  }
}

let exitCode = 0;
try {
  const results: SideResult[] = [];
  for (const side of options.sides) results.push(await runSide(side, options));
  print(results);
  for (const r of results) {
    const problems = integrityProblems(r.integrity, r.acked);
    if (r.load.errors) problems.unshift(`${r.load.errors} failed batches`);
    if (problems.length) {
      console.error(`bench: ${r.side} FAILED: ${problems.join("; ")}`);
      exitCode = 1;
    }
  }
} catch (err) {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
