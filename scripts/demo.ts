// npm run demo [-- --ephemeral] [-- --port N] [-- --alert-for S] [-- --no-first-fault] — Vigil on its embedded defaults, watching a
// live demo application in a sandbox cluster: a first fault arrives on its own, more can be
// injected from the console. Prints what to click. SIGINT or SIGTERM, at any moment, stops
// everything it started (lib/runtime/lifetime.ts).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { root, startVigil } from "@/lib/runtime/start";
import { ensureBuild } from "@/lib/runtime/build";
import { runUntilStopped } from "@/lib/runtime/lifetime";
import { persistentSecret } from "@/lib/runtime/secrets";
import { startLiveDemo } from "@/lib/demo/live";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, demoBanner } from "@/lib/demo/banner";
import { parseArgs } from "./args";

runUntilStopped(async ({ signal, defer }) => {
  const args = parseArgs(process.argv.slice(2));
  const port = Number(args.get("port") ?? env.PORT);
  const dataDir = args.has("ephemeral") ? null : path.resolve(env.VIGIL_DATA_DIR, "demo");

  const adminEmail = env.VIGIL_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL;
  const adminPassword = env.VIGIL_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD;
  const token = env.VIGIL_WEBHOOK_TOKEN ?? (dataDir ? persistentSecret(dataDir, "webhook") : randomBytes(24).toString("base64url"));

  // Build first: the console must be up before the first fault.
  await ensureBuild(root, console.log, signal);
  // The demo application, its metrics, and the fault-injection API, in this process.
  const demo = await startLiveDemo();
  defer(demo.stop);
  const vigil = await startVigil({
    port,
    host: env.HOSTNAME,
    databaseUrl: env.DATABASE_URL,
    databaseOwnerUrl: env.DATABASE_OWNER_URL,
    dataDir,
    env: {
      VIGIL_ADMIN_EMAIL: adminEmail,
      VIGIL_ADMIN_PASSWORD: adminPassword,
      VIGIL_WEBHOOK_TOKEN: token,
      LOG_LEVEL: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL,
      // The demo's alerts link these by runbook_url; investigations cite them.
      VIGIL_RUNBOOKS_DIR: env.VIGIL_RUNBOOKS_DIR ?? path.join(root, "lib/demo/runbooks"),
      ...demo.env,
    },
    signal,
  });
  defer(vigil.stop);
  signal.throwIfAborted();
  // Alerts fire once their condition has held for 20 s (--alert-for), as a Prometheus rule's `for` would.
  const alertForS = Number(args.get("alert-for") ?? 20);
  demo.startAlerts(vigil.url, token, { forMs: alertForS * 1000, log: (line) => console.log(line) });
  // --no-first-fault: nothing happens until someone injects a fault (the recorded story does).
  const firstFault = setTimeout(() => {
    if (args.has("no-first-fault")) return;
    try {
      demo.simulator.inject("bad_deploy", { namespace: "shop", name: "checkout" });
      console.log("demo: shop/checkout 2.14.0 rolled out — it throws on every third request");
    } catch (err) {
      console.log(`demo: ${(err as Error).message}`);
    }
  }, 5_000);
  defer(() => clearTimeout(firstFault));

  console.log(demoBanner({ url: vigil.url, adminEmail, adminPassword, embedded: vigil.embedded, dataDir }));
});
