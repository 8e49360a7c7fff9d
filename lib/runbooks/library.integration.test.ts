// The runbook library on a real database (both kinds): uploads indexed into chunks with a
// generated tsvector, searched by an OR of terms with the relevant runbook first, linked to
// alerts, embedded through the fake Ollama (stored, used at query time, and skipped when
// Ollama fails), with the roles and refusals the console relies on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "@/lib/testing/database";
import { prismaSql } from "@/lib/db/sql";
import { VigilError } from "@/lib/errors";
import { fakeEmbedding, startFakeOllama, type FakeOllama } from "@/lib/model/fake-ollama";
import { createOllamaEmbedder } from "@/lib/model/ollama";
import { deleteRunbook, getRunbook, listRunbooks, uploadRunbook, type Actor } from "@/lib/runbooks/library";
import { MIN_SIMILARITY, runbooksForAlerts, searchRunbooks, type RunbookQuery } from "@/lib/runbooks/search";
import { actors, markdownFile, word } from "@/lib/testing/runbooks";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TestDb;
let as: Record<"viewer" | "responder" | "admin", Actor>;
beforeAll(async () => {
  t = await openTestDb();
  as = await actors(t.db);
});
afterAll(async () => {
  await t?.close();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => {
      expect(e).toBeInstanceOf(VigilError);
      return { code: (e as VigilError).code, message: (e as VigilError).message };
    },
  );

const query = (primary: string[], extra: Partial<RunbookQuery> = {}): RunbookQuery => ({ alerts: [], primary, secondary: [], ...extra });
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

function postgresRunbook(tag: string) {
  return [
    `# Postgres connections ${tag}`,
    "",
    "Checkout and cart share one PostgreSQL primary.",
    "",
    "## Diagnosis",
    "",
    `When the connection pool is exhausted (${tag}), count connections per client in pg_stat_activity.`,
    "",
    "```sql",
    "SELECT usename, count(*) FROM pg_stat_activity GROUP BY 1;",
    "```",
    "",
    "## Mitigation",
    "",
    "Restart the client that leaks connections; raise max_connections only as a last resort.",
  ].join("\n");
}

describe("uploading and searching runbooks", () => {
  it("indexes an upload into chunks and ranks the relevant runbook first", async () => {
    const tag = word();
    const pg = await uploadRunbook(t.db, markdownFile(`postgres-${tag}.md`, postgresRunbook(tag)), as.responder);
    await uploadRunbook(
      t.db,
      markdownFile(
        `tls-${tag}.md`,
        `# Certificates ${tag}\n\n## Renewal\n\nRenew the TLS certificate when it expires; connections fail with x509 errors.`,
      ),
      as.responder,
    );
    await uploadRunbook(t.db, markdownFile(`disk-${tag}.md`, `# Disk full ${tag}\n\nFree space on the volume.`), as.admin);
    expect(pg).toMatchObject({
      outcome: "created",
      embedded: false,
      runbook: { slug: `postgres-${tag}`, title: `Postgres connections ${tag}`, chunks: 3 },
    });

    const stored = await getRunbook(t.db, pg.runbook.id);
    expect(stored).toMatchObject({ source: "upload", path: null, updatedBy: as.responder.email });
    expect(stored!.chunks.map((c) => c.heading)).toEqual([
      `Postgres connections ${tag}`,
      `Postgres connections ${tag} › Diagnosis`,
      `Postgres connections ${tag} › Mitigation`,
    ]);
    // The database generated each chunk's tsvector, the section's own heading weighted B.
    const tsv = await prismaSql(t.db).rows<{ tsv: string }>(
      `SELECT tsv::text AS tsv FROM "RunbookChunk" WHERE "runbookId" = $1 AND ordinal = 1`,
      [pg.runbook.id],
    );
    expect(tsv[0]!.tsv).toMatch(/'diagnosi':\d+B/);
    expect(tsv[0]!.tsv).toContain("'exhaust'");

    const hits = await searchRunbooks(t.db, query([`PostgresTooManyConnections: connection pool exhausted on checkout (${tag})`]));
    expect(hits[0]).toMatchObject({
      runbookId: pg.runbook.id,
      ordinal: 1,
      heading: `Postgres connections ${tag} › Diagnosis`,
      linked: null,
      similarity: null,
    });
    expect(hits[0]!.content).toContain("pg_stat_activity");
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits.filter((h) => h.runbookId === pg.runbook.id).length).toBeLessThanOrEqual(2);

    const listed = (await listRunbooks(t.db)).find((r) => r.id === pg.runbook.id);
    expect(listed).toMatchObject({ chunks: 3, source: "upload", title: `Postgres connections ${tag}` });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "runbook.uploaded", targetId: pg.runbook.id } });
    expect(audit).toMatchObject({ actorType: "user", actorId: as.responder.id, targetType: "Runbook" });
    expect(audit.data).toMatchObject({ slug: `postgres-${tag}`, chunks: 3, replaced: false });
  });

  it("finds nothing for words no runbook has, and never passes query syntax through", async () => {
    expect(await searchRunbooks(t.db, query([word()]))).toEqual([]);
    expect(await searchRunbooks(t.db, query(["'&|!():* <-> \\"]))).toEqual([]);
    expect(await searchRunbooks(t.db, query([]))).toEqual([]);
  });

  it("writes nothing when the same file is uploaded again, and replaces the chunks of a changed one", async () => {
    const tag = word();
    const first = await uploadRunbook(t.db, markdownFile(`redis-${tag}.md`, `# Redis ${tag}\n\nFlush the cache.`), as.responder);
    const before = await getRunbook(t.db, first.runbook.id);
    const events = () => t.db.auditEvent.count({ where: { targetId: first.runbook.id } });
    expect(await events()).toBe(1);

    expect(await uploadRunbook(t.db, markdownFile(`redis-${tag}.md`, `# Redis ${tag}\n\nFlush the cache.`), as.admin)).toMatchObject({
      outcome: "unchanged",
      runbook: { id: first.runbook.id },
    });
    expect((await getRunbook(t.db, first.runbook.id))!.updatedAt).toEqual(before!.updatedAt);
    expect(await events()).toBe(1);

    const second = await uploadRunbook(
      t.db,
      markdownFile(`Redis-${tag}.md`, `# Redis ${tag}\n\n## Evictions\n\nRaise maxmemory.\n\n## Latency\n\nCheck slowlog.`),
      as.admin,
    );
    expect(second).toMatchObject({ outcome: "updated", runbook: { id: first.runbook.id, chunks: 2 } });
    const after = await getRunbook(t.db, first.runbook.id);
    expect(after!.chunks.map((c) => c.heading)).toEqual([`Redis ${tag} › Evictions`, `Redis ${tag} › Latency`]);
    expect(after!.updatedBy).toBe(as.admin.email);
    expect(await events()).toBe(2);
  });

  it("refuses bad files clearly and keeps the stored version", async () => {
    const tag = word();
    const good = await uploadRunbook(t.db, markdownFile(`kafka-${tag}.md`, `# Kafka ${tag}\n\nRebalance partitions.`), as.responder);
    const bad = [
      { name: `kafka-${tag}.md`, bytes: new Uint8Array([0x23, 0x20, 0xc3, 0x28]) },
      markdownFile(`kafka-${tag}.md`, ""),
      markdownFile(`kafka-${tag}.md`, "---\ntitle: [broken\n---\ntext"),
      { name: `kafka-${tag}.md`, bytes: new Uint8Array(256 * 1024 + 1).fill(0x61) },
      markdownFile(`kafka-${tag}.pdf`, "# not markdown"),
    ];
    const codes = [];
    for (const file of bad) codes.push((await refusal(uploadRunbook(t.db, file, as.responder))).code);
    expect(codes).toEqual(["unsupported_media_type", "bad_request", "bad_request", "payload_too_large", "unsupported_media_type"]);
    const kept = await getRunbook(t.db, good.runbook.id);
    expect(kept!.chunks.map((c) => c.content)).toEqual([`# Kafka ${tag}\n\nRebalance partitions.`]);
  });

  it("lets responders and admins upload, only admins delete, and audits the deletion", async () => {
    const tag = word();
    expect(await refusal(uploadRunbook(t.db, markdownFile(`x-${tag}.md`, "# X"), as.viewer))).toEqual({
      code: "forbidden",
      message: "uploading a runbook needs the responder role; you are viewer",
    });
    expect(await t.db.runbook.count({ where: { slug: `x-${tag}` } })).toBe(0);
    const up = await uploadRunbook(t.db, markdownFile(`x-${tag}.md`, `# X ${tag}\n\ntext`), as.responder);
    expect((await refusal(deleteRunbook(t.db, up.runbook.id, as.responder))).code).toBe("forbidden");
    expect((await refusal(deleteRunbook(t.db, up.runbook.id, as.viewer))).code).toBe("forbidden");
    expect(await deleteRunbook(t.db, up.runbook.id, as.admin)).toMatchObject({ title: `X ${tag}`, source: "upload" });
    expect(await getRunbook(t.db, up.runbook.id)).toBeNull();
    expect(await t.db.runbookChunk.count({ where: { runbookId: up.runbook.id } })).toBe(0);
    expect((await refusal(deleteRunbook(t.db, up.runbook.id, as.admin))).code).toBe("not_found");
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "runbook.deleted", targetId: up.runbook.id } });
    expect(audit).toMatchObject({ actorId: as.admin.id, data: { slug: `x-${tag}`, source: "upload" } });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe("linking alerts to runbooks", () => {
  it("puts runbooks an alert links (runbook_url, alertname) before better text matches", async () => {
    const tag = word();
    const byUrl = await uploadRunbook(
      t.db,
      markdownFile(`checkout-${tag}.md`, `---\nurl: https://wiki.example/rb/${tag}?v=2\n---\n# Checkout ${tag}\n\nRoll back the release.`),
      as.responder,
    );
    const byFile = await uploadRunbook(t.db, markdownFile(`cart-${tag}.md`, `# Cart ${tag}\n\nScale up.`), as.responder);
    const byName = await uploadRunbook(
      t.db,
      markdownFile(`orders-${tag}.md`, `---\nalerts: [OrdersDown${tag}]\n---\n# Orders\n\nCheck the queue.`),
      as.responder,
    );
    const textOnly = await uploadRunbook(
      t.db,
      markdownFile(`noise-${tag}.md`, `# Everything ${tag}\n\n${tag} ${tag} checkout cart orders queue release scale.`),
      as.responder,
    );

    const alerts = [
      { id: "a1", alertname: "CheckoutErrors", annotations: { runbook_url: `https://wiki.example/rb/${tag}?v=2` } },
      { id: "a2", alertname: "CartSlow", annotations: { runbook_url: `https://github.com/acme/runbooks/blob/main/Cart-${tag}.md` } },
      { id: "a3", alertname: `OrdersDown${tag}`, annotations: { summary: "orders are down" } },
      { id: "a4", alertname: "Other", annotations: { runbook_url: "https://wiki.example/rb/nothing-here" } },
    ];
    expect(await runbooksForAlerts(t.db, alerts)).toEqual({
      a1: { id: byUrl.runbook.id, slug: `checkout-${tag}`, title: `Checkout ${tag}` },
      a2: { id: byFile.runbook.id, slug: `cart-${tag}`, title: `Cart ${tag}` },
    });

    const hits = await searchRunbooks(t.db, query([tag], { alerts }), { limit: 4 });
    expect(
      hits
        .slice(0, 3)
        .map((h) => [h.runbookId, h.linked])
        .sort(),
    ).toEqual(
      [
        [byUrl.runbook.id, "runbook_url"],
        [byFile.runbook.id, "runbook_url"],
        [byName.runbook.id, "alertname"],
      ].sort(),
    );
    expect(hits[3]).toMatchObject({ runbookId: textOnly.runbook.id, linked: null });
  });
});

describe("embeddings through Ollama's /api/embed", () => {
  let ollama: FakeOllama;
  let failEmbeds = false;
  beforeAll(async () => {
    ollama = await startFakeOllama({
      script: () => ({ kind: "hang" }),
      models: ["nomic-embed-text"],
      embed: () => (failEmbeds ? { kind: "status", status: 500, error: "llama runner process has terminated" } : { kind: "vectors" }),
    });
  });
  afterAll(async () => {
    await ollama?.stop();
  });
  const embedder = () => ({ client: createOllamaEmbedder({ host: ollama.url }), model: "nomic-embed-text" });

  it("stores chunk vectors and finds by similarity what full-text search misses", async () => {
    // "<w>sql" and "<w>" share a stem no English stemmer sees (PostgreSQL and postgres, in
    // miniature): full-text search cannot match them, the embedding can.
    const w = word();
    const uploadRequest = ollama.requests.length;
    const up = await uploadRunbook(t.db, markdownFile(`similar-${w}.md`, `# ${w}\n\n${w} ${w}.`), as.responder, { embedder: embedder() });
    expect(up).toMatchObject({ outcome: "created", embedded: true });
    const [chunkText] = (ollama.requests[uploadRequest]!.body as { input: string[] }).input;
    const rows = await prismaSql(t.db).rows<{ dims: number; model: string }>(
      `SELECT cardinality(embedding) AS dims, "embeddingModel" AS model FROM "RunbookChunk" WHERE "runbookId" = $1`,
      [up.runbook.id],
    );
    expect(rows).toEqual([{ dims: 256, model: "nomic-embed-text" }]);

    expect(await searchRunbooks(t.db, query([`${w}sql`]))).toEqual([]);
    const requestsBefore = ollama.requests.length;
    const hits = await searchRunbooks(t.db, query([`${w}sql`]), { embedder: embedder() });
    expect(hits[0]).toMatchObject({ runbookId: up.runbook.id, rank: 0, linked: null });
    // The similarity is the cosine of the two texts' embeddings (computed in SQL over `real`s:
    // 6 significant digits), and at least MIN_SIMILARITY, the cut-off for citing a chunk on
    // similarity alone. "<w>" shares 9 of its 10 character trigrams with "<w>sql": about 0.58
    // where no two of the fake's features fall in one bucket; the word is seeded, so the
    // buckets, and the value, are the same every run.
    const expected = dot(fakeEmbedding(chunkText!), fakeEmbedding(`${w}sql`));
    expect(hits[0]!.similarity).toBeCloseTo(expected, 5);
    expect(expected).toBeGreaterThanOrEqual(MIN_SIMILARITY);
    // The query itself went to /api/embed.
    expect(ollama.requests.slice(requestsBefore).map((r) => [r.path, (r.body as { input: string[] }).input])).toEqual([
      ["/api/embed", [`${w}sql`]],
    ]);
  });

  it("fuses both rankings: a chunk both find outranks one only full-text finds", async () => {
    const w = word();
    const both = await uploadRunbook(
      t.db,
      markdownFile(`both-${w}.md`, `# Queue ${w}\n\n${w} backlog grows; ${w} consumers lag.`),
      as.responder,
      { embedder: embedder() },
    );
    const textual = await uploadRunbook(
      t.db,
      markdownFile(`text-${w}.md`, `# Notes\n\nUnrelated words about tls rotation, dns zones, ingress classes and ${w}.`),
      as.responder,
      { embedder: embedder() },
    );
    const ftsOnly = await searchRunbooks(t.db, query([`${w} backlog consumers lag`]));
    const fused = await searchRunbooks(t.db, query([`${w} backlog consumers lag`]), { embedder: embedder() });
    expect(ftsOnly.map((h) => h.runbookId)).toEqual([both.runbook.id, textual.runbook.id]);
    expect(fused.map((h) => h.runbookId)).toEqual([both.runbook.id, textual.runbook.id]);
    expect(fused[0]!.score).toBeGreaterThan(ftsOnly[0]!.score);
    expect(fused[0]!.similarity).toBeGreaterThan(fused[1]!.similarity ?? 0);
  });

  it("falls back to full-text search when Ollama fails, and embeds on a later upload once it answers", async () => {
    const w = word();
    failEmbeds = true;
    try {
      const up = await uploadRunbook(t.db, markdownFile(`fallback-${w}.md`, `# Fallback ${w}\n\nStill indexed.`), as.responder, {
        embedder: embedder(),
      });
      expect(up).toMatchObject({ outcome: "created", embedded: false });
      const rows = await prismaSql(t.db).rows<{ embedding: number[] | null; model: string | null }>(
        `SELECT embedding, "embeddingModel" AS model FROM "RunbookChunk" WHERE "runbookId" = $1`,
        [up.runbook.id],
      );
      expect(rows).toEqual([{ embedding: null, model: null }]);
      const hits = await searchRunbooks(t.db, query([`fallback ${w}`]), { embedder: embedder() });
      expect(hits.map((h) => [h.runbookId, h.similarity])).toEqual([[up.runbook.id, null]]);
    } finally {
      failEmbeds = false;
    }
    const again = await uploadRunbook(t.db, markdownFile(`fallback-${w}.md`, `# Fallback ${w}\n\nStill indexed.`), as.responder, {
      embedder: embedder(),
    });
    expect(again).toMatchObject({ outcome: "updated", embedded: true });
    expect(await t.db.runbookChunk.count({ where: { runbookId: again.runbook.id, embeddingModel: "nomic-embed-text" } })).toBe(1);
  });
});
