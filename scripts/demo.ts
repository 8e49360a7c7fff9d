// npm run demo [-- --ephemeral] [-- --port N] — Vigil on its embedded defaults, filled by
// example Alertmanager notifications posted to its own webhook. Prints what to open.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { startVigil } from "@/lib/runtime/start";
import { persistentSecret } from "@/lib/runtime/secrets";
import { startDemoFeeder } from "@/lib/demo/feeder";
import { onShutdown, parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const port = Number(args.get("port") ?? env.PORT);
const dataDir = args.has("ephemeral") ? null : path.resolve(env.VIGIL_DATA_DIR, "demo");

const adminEmail = env.VIGIL_ADMIN_EMAIL ?? "admin@vigil.local";
const adminPassword = env.VIGIL_ADMIN_PASSWORD ?? "vigil-demo";
const token = env.VIGIL_WEBHOOK_TOKEN ?? (dataDir ? persistentSecret(dataDir, "webhook") : randomBytes(24).toString("base64url"));

const vigil = await startVigil({
  port,
  host: env.HOSTNAME,
  databaseUrl: env.DATABASE_URL,
  dataDir,
  env: { VIGIL_ADMIN_EMAIL: adminEmail, VIGIL_ADMIN_PASSWORD: adminPassword, VIGIL_WEBHOOK_TOKEN: token, LOG_LEVEL: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL },
});
const stopFeeder = startDemoFeeder({ url: vigil.url, token, log: (line) => console.log(line) });
onShutdown(async () => {
  stopFeeder();
  await vigil.stop();
});

console.log(`
  Vigil demo is running.

    Console   ${vigil.url}
    Sign in   ${adminEmail} / ${adminPassword}
    Database  ${vigil.embedded ? (dataDir ? `embedded, kept in ${path.join(dataDir, "db")}` : "embedded, ephemeral") : "DATABASE_URL"}

  Example Alertmanager notifications are arriving at ${vigil.url}/api/webhooks/alertmanager:
  watch incidents appear in the list, open one to see its alerts, and see one resolve
  about a minute and a half later. Send your own with:

    curl -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
      --data @payload.json ${vigil.url}/api/webhooks/alertmanager

  Ctrl-C stops it.
`);
