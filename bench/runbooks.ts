// npm run bench:runbooks [-- --runbooks 500 --dims 768 --searches 20] — the runbook library at
// size: indexing throughput (chunking, the generated tsvector, real[] embeddings) and search
// latency, full-text only and full-text + vector (the dot product in SQL, no pgvector), on a
// fresh database on the DATABASE_URL server. Embeddings come from the fake Ollama's function
// in-process, so the figures are the database's and Vigil's, not a model's.
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { migrateDeploy } from "@/lib/db/migrate";
import { sqlTransaction } from "@/lib/db/sql";
import { fakeEmbedding } from "@/lib/model/fake-ollama";
import { parseRunbook } from "@/lib/runbooks/document";
import { insertRunbook } from "@/lib/runbooks/store";
import { searchRunbooks, type RunbookQuery } from "@/lib/runbooks/search";
import { BenchDatabases } from "./databases";
import { percentile } from "./stats";
import { parseArgs } from "../scripts/args";

const args = parseArgs(process.argv.slice(2));
const runbooks = Number(args.get("runbooks") ?? 500);
const dims = Number(args.get("dims") ?? 768);
const searches = Number(args.get("searches") ?? 20);
if (!env.DATABASE_URL) {
  console.error("bench:runbooks needs DATABASE_URL: a PostgreSQL server it may create a database on");
  process.exit(2);
}

const vocabulary =
  "pool connection exhausted timeout latency disk memory cpu throttling certificate dns ingress kafka redis postgres queue backlog replica failover rollback deploy restart oom crash evicted node pressure".split(
    " ",
  );
const words = (seed: number, n: number) =>
  Array.from({ length: n }, (_, k) => vocabulary[(seed * 7 + k * 13) % vocabulary.length]).join(" ");
/** Six sections of ~60 words: six chunks, like a typical runbook. */
const markdown = (i: number) =>
  `# Runbook ${i}\n\n${Array.from({ length: 6 }, (_, s) => `## Section ${s} ${words(i + s, 3)}\n\n${words(i * s + 1, 60)}.`).join("\n\n")}`;
const embedder = {
  model: "bench-embed",
  client: { embed: async ({ input }: { input: string[] }) => input.map((text) => fakeEmbedding(text, dims)) },
};
const query: RunbookQuery = {
  alerts: [{ alertname: "PostgresTooManyConnections", annotations: { summary: "connection pool exhausted on checkout" } }],
  primary: ["PostgresTooManyConnections", "connection pool exhausted on checkout", "checkout-api"],
  secondary: ["Back-off restarting failed container", "ERROR pool timeout after 30000ms waiting for a connection"],
};

const databases = new BenchDatabases(env.DATABASE_URL);
try {
  const { url } = await databases.create("runbooks");
  await migrateDeploy(url, { quiet: true });
  const { db, pool } = createDb(url, 4);
  try {
    const began = performance.now();
    for (let batch = 0; batch < runbooks; batch += 50) {
      await sqlTransaction(db, async (sql) => {
        for (let i = batch; i < Math.min(batch + 50, runbooks); i++) {
          const doc = parseRunbook(markdown(i), `runbook-${i}.md`);
          const vectors = doc.chunks.map((c) => fakeEmbedding(c.content, dims));
          await insertRunbook(
            sql,
            { slug: `runbook-${i}`, source: "upload", path: null },
            { doc, embedded: { vectors, model: embedder.model }, updatedBy: null, now: new Date() },
          );
        }
      });
    }
    const indexMs = performance.now() - began;
    const chunks = await db.runbookChunk.count();
    console.log(
      `Indexed ${runbooks} runbooks (${chunks} chunks, ${dims}-dim embeddings) in ${indexMs.toFixed(0)} ms: ${((chunks / indexMs) * 1000).toFixed(0)} chunks/s`,
    );
    for (const [name, options] of [
      ["full-text", {}],
      ["full-text + vector", { embedder }],
    ] as const) {
      await searchRunbooks(db, query, options); // warm-up
      const times: number[] = [];
      for (let i = 0; i < searches; i++) {
        const t0 = performance.now();
        await searchRunbooks(db, query, options);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `Search, ${name.padEnd(18)} p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${searches} searches)`,
      );
    }
  } finally {
    await db.$disconnect();
    await pool.end();
  }
} finally {
  await databases.dropAll();
}
