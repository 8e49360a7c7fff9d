// npm run runbooks:sync -- [--dir DIR] — syncs a folder of Markdown runbooks into the library
// once (DIR, else VIGIL_RUNBOOKS_DIR): new files added, changed ones re-indexed, runbooks whose
// file is gone removed; embeddings too when VIGIL_EMBED_MODEL and OLLAMA_HOST are set. Prints
// what changed; exits 1 when a file could not be read (the stored version is kept).
// Reads DATABASE_URL: the embedded database serves only the process that runs it, so with an
// embedded Vigil set VIGIL_RUNBOOKS_DIR for the server, or use the console's Sync now.
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { syncRunbookFolder } from "@/lib/runbooks/sync";
import { embedderFromEnv } from "@/lib/runbooks/runtime";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const dirArg = args.get("dir");
const dir = typeof dirArg === "string" ? dirArg : env.VIGIL_RUNBOOKS_DIR;
if (dirArg === true || !dir) {
  console.error("usage: npm run runbooks:sync -- --dir DIR   (or set VIGIL_RUNBOOKS_DIR)");
  process.exit(2);
}
if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at Vigil's database (or use Sync now on the runbooks page).");
  process.exit(2);
}

const { db, pool } = createDb(env.DATABASE_URL, 2);
try {
  const r = await syncRunbookFolder(db, dir, { embedder: embedderFromEnv(), actor: { type: "system" } });
  console.log(
    `${dir}: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged${r.embedded ? `, ${r.embedded} embedded` : ""}`,
  );
  for (const f of r.failed) console.error(`could not read ${f.path}: ${f.error}`);
  if (r.failed.length) process.exitCode = 1;
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await pool.end();
}
