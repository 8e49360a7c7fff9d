// npm start [-- --ephemeral] [-- --port N] — run Vigil: DATABASE_URL's PostgreSQL, or an
// embedded one whose data stays in VIGIL_DATA_DIR (default .vigil) across restarts.
// `npm run dev` runs the same with `next dev`. SIGINT or SIGTERM, at any moment, stops
// everything it started (lib/runtime/lifetime.ts).
import path from "node:path";
import { env } from "@/lib/env";
import { runUntilStopped } from "@/lib/runtime/lifetime";
import { startVigil } from "@/lib/runtime/start";
import { parseArgs } from "./args";

runUntilStopped(async ({ signal, defer }) => {
  const args = parseArgs(process.argv.slice(2));
  const port = Number(args.get("port") ?? env.PORT);
  const ephemeral = args.has("ephemeral");

  const vigil = await startVigil({
    mode: args.has("dev") ? "dev" : "start",
    port,
    host: env.HOSTNAME,
    databaseUrl: env.DATABASE_URL,
    databaseOwnerUrl: env.DATABASE_OWNER_URL,
    dataDir: ephemeral ? null : path.resolve(env.VIGIL_DATA_DIR, "data"),
    signal,
  });
  defer(vigil.stop);
  signal.throwIfAborted();
  console.log(`\nVigil is running at ${vigil.url}`);
  if (!env.VIGIL_WEBHOOK_TOKEN) console.log("Warning: VIGIL_WEBHOOK_TOKEN is not set, so the Alertmanager webhook refuses all requests.");
});
