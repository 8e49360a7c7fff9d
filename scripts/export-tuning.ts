// npm run export:tuning -- [--out FILE] [--since YYYY-MM-DD] — resolved, verified incidents as
// QLoRA chat JSONL (stdout by default), with a summary of what was written and skipped on stderr.
// Reads DATABASE_URL: the embedded database serves only the process that runs it, so export
// from a running embedded Vigil through GET /api/export/tuning.jsonl instead.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { emptySummary, tally, tuningEntries } from "@/lib/export/tuning";
import { auditTuningExport } from "@/lib/export/tuning-stream";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const out = args.get("out");
const sinceArg = args.get("since");
const since = typeof sinceArg === "string" ? new Date(sinceArg) : undefined;
if (out === true || sinceArg === true || (since && Number.isNaN(since.getTime()))) {
  console.error("usage: npm run export:tuning -- [--out FILE] [--since YYYY-MM-DD]");
  process.exit(2);
}
if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at Vigil's database (or download the export from the audit page).");
  process.exit(2);
}

const { db, pool } = createDb(env.DATABASE_URL, 2);
const sink: Writable = typeof out === "string" ? createWriteStream(out) : process.stdout;
const summary = emptySummary();
try {
  for await (const entry of tuningEntries(db, { since })) {
    tally(summary, entry);
    if (entry.kind === "skipped") console.error(`skipped INC-${entry.number}: ${entry.reason}`);
    else if (!sink.write(`${entry.line}\n`)) await once(sink, "drain");
  }
  if (sink !== process.stdout)
    await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await auditTuningExport(db, { type: "system", id: "cli" }, summary, true);
  const skipped = Object.entries(summary.skipped).filter(([, n]) => n > 0);
  console.error(
    `wrote ${summary.written} lines${typeof out === "string" ? ` to ${out}` : ""}; skipped ${skipped.length ? skipped.map(([r, n]) => `${n} ${r}`).join(", ") : "none"}`,
  );
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await pool.end();
}
