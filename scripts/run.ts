// npm start [-- --ephemeral] [-- --port N] — run Vigil: DATABASE_URL's PostgreSQL, or an
// embedded one whose data stays in VIGIL_DATA_DIR (default .vigil) across restarts.
// `npm run dev` runs the same with `next dev`.
import path from "node:path";
import { env } from "@/lib/env";
import { startVigil } from "@/lib/runtime/start";
import { onShutdown, parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const port = Number(args.get("port") ?? env.PORT);
const ephemeral = args.has("ephemeral");

const vigil = await startVigil({
  mode: args.has("dev") ? "dev" : "start",
  port,
  host: env.HOSTNAME,
  databaseUrl: env.DATABASE_URL,
  dataDir: ephemeral ? null : path.resolve(env.VIGIL_DATA_DIR, "data"),
});
onShutdown(vigil.stop);
console.log(`\nVigil is running at ${vigil.url}`);
if (!env.VIGIL_WEBHOOK_TOKEN) console.log("Warning: VIGIL_WEBHOOK_TOKEN is not set, so the Alertmanager webhook refuses all requests.");
