// npm run bench:ingest [-- --senders 20 --duration 20 --warmup 5 --rounds 3 --webhook port|route] — Alertmanager webhook
// throughput of Vigil against a bare node:http + pg baseline.
import { randomBytes } from "node:crypto";
import { startVigil } from "@/lib/runtime/start";
import { migrateDeploy } from "@/lib/db/migrate";
import { parseOptions, type BenchOptions, type Side } from "./options";
import { BenchDatabases } from "./databases";
import { startBaseline } from "./baseline";
import { freePort } from "@/lib/db/embedded";
import { ALERTS_PER_PAYLOAD, Workload } from "./workload";
import { runLoad } from "./load";
import { cpuBetween, sampleCpu, type CpuSample } from "./cpu";
import { verifyDatabase, integrityProblems } from "./verify";
import { figures, pacedFigures, type SideFigures } from "./stats";
import { printReport } from "./report";
import { printRounds, roundLine } from "./rounds";

const options = parseOptions(process.argv.slice(2));
const databases = new BenchDatabases(options.serverUrl);
const token = randomBytes(24).toString("base64url");
const running = new Set<() => Promise<void>>();
const say = (line: string) => console.log(`bench: ${line}`);

async function cleanUp(): Promise<void> {
  for (const stop of [...running]) await stop().catch(() => undefined);
  running.clear();
  await databases.dropAll().catch((err) => console.error(`bench: could not drop the bench databases: ${(err as Error).message}`));
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    say(`${signal}: stopping servers and dropping the bench databases`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function startSide(side: Side, databaseUrl: string, port: number) {
  // Ingest only: investigations are queued (that cost is measured) but not worked here.
  const env = { VIGIL_WEBHOOK_TOKEN: token, LOG_LEVEL: "warn", VIGIL_DB_POOL_SIZE: String(options.poolSize), VIGIL_WORKER: "false" };
  if (side === "vigil") {
    // startVigil migrates the database, builds the production bundle if it is stale, and runs `next start`;
    // the webhook is posted to the ingest port (as the manifests run it) unless --webhook route.
    const ingestPort = options.webhook === "port" ? await freePort() : null;
    const vigilEnv = {
      ...env,
      ...(ingestPort ? { VIGIL_INGEST_PORT: String(ingestPort) } : {}),
      ...(options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {}),
    };
    const vigil = await startVigil({ mode: "start", port, databaseUrl, dataDir: null, env: vigilEnv, log: say });
    const url = ingestPort ? `http://127.0.0.1:${ingestPort}` : vigil.url;
    return { url, pid: vigil.server.pid, stop: vigil.stop };
  }
  await migrateDeploy(databaseUrl, { quiet: true });
  const baseline = await startBaseline({ port, databaseUrl, env });
  return { url: baseline.url, pid: baseline.server.pid, stop: baseline.stop };
}

async function runSide(side: Side, round: number, opts: BenchOptions): Promise<SideFigures> {
  const database = await databases.create(`${side}_${round}`);
  say(`${side}: fresh database ${database.name}, starting the server`);
  const server = await startSide(side, database.url, await freePort());
  running.add(server.stop);
  await databases.checkpoint();
  const workload = new Workload(opts.senders);
  const samples: Partial<Record<"start" | "end", CpuSample>> = {};
  const base = { url: `${server.url}/api/webhooks/alertmanager`, token, senders: opts.senders, maxRequests: opts.maxRequests };
  say(`${side}: as fast as it answers: ${opts.warmupS} s warm-up + ${opts.durationS} s against ${server.url}`);
  const load = await runLoad(workload, {
    ...base,
    warmupS: opts.warmupS,
    durationS: opts.durationS,
    onWindow: (edge) => (samples[edge] = sampleCpu(server.pid, database.name)),
  });
  let paced: Awaited<ReturnType<typeof runLoad>> | undefined;
  if (opts.rate > 0) {
    say(`${side}: paced at ${opts.rate} alerts/s: 1 s settling + ${opts.durationS} s`);
    paced = await runLoad(workload, { ...base, warmupS: 1, durationS: opts.durationS, ratePerS: opts.rate / ALERTS_PER_PAYLOAD });
  }
  if (load.capped || paced?.capped) say(`${side}: --max-requests (${opts.maxRequests}) ended a phase early: its rates are understated`);
  await server.stop();
  running.delete(server.stop);
  const integrity = await verifyDatabase(database.url, workload);
  await databases.drop(database.name);
  const total = Object.values(workload.kinds).reduce((a, b) => a + b, 0) || 1;
  const mix = Object.entries(workload.kinds)
    .map(([k, n]) => `${k} ${Math.round((100 * n) / total)}%`)
    .join(", ");
  const errors = load.errors + (paced?.errors ?? 0);
  const samplesOfErrors = [...load.errorSamples, ...(paced?.errorSamples ?? [])].slice(0, 5);
  say(
    `${side}: ${load.sent + (paced?.sent ?? 0)} requests sent (${mix}); ${errors} errors${samplesOfErrors.length ? `: ${samplesOfErrors.join(" | ")}` : ""}`,
  );
  const start = samples.start ?? sampleCpu(undefined, database.name);
  const result = figures(side, load, cpuBetween(start, samples.end ?? start), integrity);
  result.errors = errors;
  result.sent += paced?.sent ?? 0;
  if (paced) result.paced = pacedFigures(paced, opts.rate);
  return result;
}

let exitCode = 0;
try {
  const rounds: SideFigures[][] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which side goes first, so a drift of the machine does not favour one side.
    const order = round % 2 === 0 ? options.sides : [...options.sides].reverse();
    const results: SideFigures[] = [];
    for (const side of order) results.push(await runSide(side, round + 1, options));
    results.sort((a, b) => options.sides.indexOf(a.name as Side) - options.sides.indexOf(b.name as Side));
    rounds.push(results);
    say(roundLine(round + 1, options.rounds, results));
    for (const r of results) {
      const problems = integrityProblems(r.integrity, r.errors);
      if (r.errors > 0) problems.unshift(`${r.errors} failed requests`);
      if (problems.length > 0) {
        console.error(`bench: ${r.name} FAILED in round ${round + 1}: ${problems.join("; ")}`);
        exitCode = 1;
      }
    }
  }
  printRounds(options, rounds, printReport);
} catch (err) {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
