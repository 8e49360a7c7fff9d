// npm run bench:rca [-- --incidents 30] — how fast an alert becomes an RCA a person sees:
// webhook POST → first model token on the incident's SSE stream (and → the full RCA), with
// a fake Ollama answering at once, over many incidents; plus evidence-collection time per
// public scenario (sandbox cluster and fake Prometheus over HTTP). Needs DATABASE_URL.
import path from "node:path";
import { env } from "@/lib/env";
import { freePort } from "@/lib/db/embedded";
import { startVigil } from "@/lib/runtime/start";
import { loadScenario, loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld } from "@/lib/scenarios/world";
import { replayEvidence } from "@/lib/eval/replay";
import { answerPieces, startFakeOllama } from "@/lib/model/fake-ollama";
import { plumbingAnswer } from "@/lib/model/fake-answers";
import { BenchDatabases } from "./databases";
import { percentile } from "./stats";
import { signIn, watchStream } from "./rca-session";
import { parseArgs } from "../scripts/args";

const args = parseArgs(process.argv.slice(2));
const incidents = Number(args.get("incidents") ?? 30);
if (!env.DATABASE_URL) {
  console.error("bench:rca needs DATABASE_URL: a PostgreSQL server it may create a database on");
  process.exit(2);
}
const token = "bench-rca-webhook-token-0123456789";
const admin = { email: "bench@vigil.local", password: "bench-password" };
const ms = (x: number) => `${x.toFixed(0)} ms`;

// 1. Evidence collection per scenario: the median of three replays.
console.log("Evidence collection (sandbox cluster + fake Prometheus over HTTP, median of 3):");
for (const scenario of loadScenarios(publicScenariosDir)) {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await replayEvidence(scenario)).collectMs);
  console.log(`  ${scenario.id.padEnd(46)} ${ms(runs.sort((a, b) => a - b)[1]!)}`);
}

// 2. Alert → first token, end to end through the production server.
const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const databases = new BenchDatabases(env.DATABASE_URL);
const world = await startScenarioWorld(scenario);
const ollama = await startFakeOllama({ script: ({ body }) => ({ kind: "answer", pieces: answerPieces(plumbingAnswer(body), 20) }) });
const database = await databases.create("rca");
const vigil = await startVigil({
  port: await freePort(),
  databaseUrl: database.url,
  dataDir: null,
  inheritOutput: false,
  env: {
    LOG_LEVEL: "warn",
    VIGIL_WEBHOOK_TOKEN: token,
    VIGIL_ADMIN_EMAIL: admin.email,
    VIGIL_ADMIN_PASSWORD: admin.password,
    VIGIL_CLUSTER_URL: world.cluster.url,
    VIGIL_CLUSTER_TOKEN: world.cluster.token,
    PROMETHEUS_URL: world.prometheus.url,
    OLLAMA_HOST: ollama.url,
  },
});
try {
  const cookie = await signIn(vigil.url, admin.email, admin.password);
  const firstToken: number[] = [];
  const fullRca: number[] = [];
  for (let i = 0; i < incidents + 3; i++) {
    const run = `bench-${i}-${Date.now()}`;
    const alerts = scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined }));
    const payload = { ...scenario.alertmanager, alerts, groupKey: run };
    const posted = performance.now();
    const response = await fetch(`${vigil.url}/api/webhooks/alertmanager`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    const { incident } = (await response.json()) as { incident: { id: string } };
    const seen = await watchStream(vigil.url, cookie, incident.id, "rca", 30_000);
    // The first three warm the server up (JIT, pools, the model guard).
    if (i < 3) continue;
    if (!seen.has("token") || !seen.has("rca"))
      throw new Error(`incident ${incident.id}: stream ended with ${[...seen.keys()].join(", ")}`);
    firstToken.push(seen.get("token")! - posted);
    fullRca.push(seen.get("rca")! - posted);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [ft, fr] = [sorted(firstToken), sorted(fullRca)];
  console.log(`\nAlert → RCA on the SSE stream, ${incidents} incidents, one at a time, fake model answering at once:`);
  console.log(`  first token  p50 ${ms(percentile(ft, 50))}  p95 ${ms(percentile(ft, 95))}  max ${ms(ft[ft.length - 1]!)}`);
  console.log(`  full RCA     p50 ${ms(percentile(fr, 50))}  p95 ${ms(percentile(fr, 95))}  max ${ms(fr[fr.length - 1]!)}`);
  console.log(`  goal: first token < 300 ms: ${percentile(ft, 95) < 300 ? "met" : "MISSED"} (p95)`);
} finally {
  await vigil.stop();
  await Promise.all([world.stop(), ollama.stop()]);
  await databases.dropAll();
}
