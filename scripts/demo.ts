// npm run demo [-- --ephemeral] [-- --port N] — Vigil on its embedded defaults, filled by
// example Alertmanager notifications posted to its own webhook. Prints what to open.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { root, startVigil } from "@/lib/runtime/start";
import { ensureBuild } from "@/lib/runtime/build";
import { persistentSecret } from "@/lib/runtime/secrets";
import { startDemoFeeder } from "@/lib/demo/feeder";
import { startDemoWorld } from "@/lib/demo/world";
import { onShutdown, parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const port = Number(args.get("port") ?? env.PORT);
const dataDir = args.has("ephemeral") ? null : path.resolve(env.VIGIL_DATA_DIR, "demo");

const adminEmail = env.VIGIL_ADMIN_EMAIL ?? "admin@vigil.local";
const adminPassword = env.VIGIL_ADMIN_PASSWORD ?? "vigil-demo";
const token = env.VIGIL_WEBHOOK_TOKEN ?? (dataDir ? persistentSecret(dataDir, "webhook") : randomBytes(24).toString("base64url"));

// Build first, so the incidents' planned times (a few seconds after the console is up)
// do not depend on how long a build takes.
await ensureBuild(root);
// The sandbox cluster and Prometheus the demo's incidents happen in.
const world = await startDemoWorld(new Date(Date.now() + 12_000), 4_000);
const vigil = await startVigil({
  port,
  host: env.HOSTNAME,
  databaseUrl: env.DATABASE_URL,
  dataDir,
  env: {
    VIGIL_ADMIN_EMAIL: adminEmail,
    VIGIL_ADMIN_PASSWORD: adminPassword,
    VIGIL_WEBHOOK_TOKEN: token,
    LOG_LEVEL: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL,
    ...world.env,
  },
}).catch(async (err) => {
  await world.stop();
  throw err;
});
const stopFeeder = startDemoFeeder({ url: vigil.url, token, incidents: world.incidents, log: (line) => console.log(line) });
onShutdown(async () => {
  stopFeeder();
  await vigil.stop();
  await world.stop();
});

console.log(`
  Vigil demo is running.

    Console   ${vigil.url}
    Sign in   ${adminEmail} / ${adminPassword}
    Database  ${vigil.embedded ? (dataDir ? `embedded, kept in ${path.join(dataDir, "db")}` : "embedded, ephemeral") : "DATABASE_URL"}

  Five incidents from a sandbox cluster are arriving as Alertmanager notifications at
  ${vigil.url}/api/webhooks/alertmanager: watch them appear in the list, open one to see
  its evidence and the root-cause analysis Vigil wrote from it (rule-based engine; set
  OLLAMA_HOST for a local model), and see the last one resolve. Send your own with:

    curl -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
      --data @payload.json ${vigil.url}/api/webhooks/alertmanager

  Ctrl-C stops it.
`);
