// Retrieval: the runbook chunks that best answer an incident (or the library's search box).
//
// 1. Linked runbooks come first: an alert's runbook_url names them, or they list its
//    alertname in their front matter (lib/runbooks/links.ts).
// 2. Full-text search: an OR of sanitised terms (lib/runbooks/query.ts) — the alerts'
//    names, summaries, descriptions and workload as the primary query, the strongest
//    evidence lines as a secondary one counting half — ranked with ts_rank_cd over the
//    generated tsvector (headings weigh more than text).
// 3. With an embedding model, the query is embedded too and chunks ranked by cosine
//    similarity (dot product of unit vectors, computed in SQL: no pgvector here).
// The two rankings are merged by reciprocal-rank fusion: score = Σ 1/(60 + rank) over the
// rankings a chunk appears in, so neither scale has to be calibrated against the other. A
// failed embedding leaves full-text search alone, logged; it never fails the caller.
import "server-only";
import type { Db } from "@/lib/db/client";
import { prismaSql, type Sql } from "@/lib/db/sql";
import { embedTexts, type Embedder } from "@/lib/runbooks/embed";
import { linkKeys, linkReason, type LinkReason } from "@/lib/runbooks/links";
import { CHUNKS_PER_RUNBOOK, SEARCH_LIMIT } from "@/lib/runbooks/limits";
import { orQuery, queryTerms } from "@/lib/runbooks/query";

export type RunbookQuery = {
  /** The incident's alerts, for links (runbook_url, alertname). */
  alerts: { alertname: string; annotations: Record<string, unknown> }[];
  /** What the incident is: alert names, summaries, descriptions, the workload. */
  primary: string[];
  /** What the evidence shows: its strongest lines (weighed half). */
  secondary: string[];
};

export type RunbookHit = {
  runbookId: string;
  slug: string;
  title: string;
  ordinal: number;
  heading: string;
  content: string;
  /** Why the runbook is linked to the alerts, if it is. */
  linked: LinkReason | null;
  /** Full-text rank (0 when the chunk did not match), cosine similarity when embedded. */
  rank: number;
  similarity: number | null;
  /** The fused score the hits are ordered by (after links). */
  score: number;
};

export type SearchOptions = { embedder?: Embedder | null; limit?: number; perRunbook?: number };

/** Reciprocal-rank fusion's constant: damps the weight of the very first ranks. */
const RRF_K = 60;
/** Below these, a chunk is not relevant enough to cite on full-text or similarity alone: one
 * evidence word once (0.1) is not enough; an alert's word (0.2), or two, is. */
export const MIN_RANK = 0.15;
export const MIN_SIMILARITY = 0.35;
/** A query embedding must not hold up an investigation. */
const QUERY_EMBED_TIMEOUT_MS = 10_000;
const CANDIDATES = 30;

type ChunkRow = {
  id: string;
  runbookId: string;
  slug: string;
  title: string;
  ordinal: number;
  heading: string;
  content: string;
  rank: number;
};

const CHUNK_COLUMNS = `c.id, c."runbookId", r.slug, r.title, c.ordinal, c.heading, c.content`;
// Both queries may be absent (nothing to search for): NULL matches nothing and ranks 0.
// No length normalisation: chunks are bounded (CHUNK_MAX_TOKENS), and each occurrence of a
// term counts (0.1, a sub-section's own heading 0.4).
const RANK = `coalesce(2 * ts_rank_cd(c.tsv, q.q1), 0) + coalesce(ts_rank_cd(c.tsv, q.q2), 0)`;
const QUERIES = `(SELECT CASE WHEN $1::text IS NULL THEN NULL ELSE to_tsquery('english', $1::text) END AS q1,
                         CASE WHEN $2::text IS NULL THEN NULL ELSE to_tsquery('english', $2::text) END AS q2) q`;

async function linkedRunbooks(sql: Sql, alerts: RunbookQuery["alerts"]): Promise<Map<string, LinkReason>> {
  const { urls, keys, alertnames } = linkKeys(alerts);
  if (!urls.length && !alertnames.length) return new Map();
  const rows = await sql.rows<{ id: string; slug: string; path: string | null; url: string | null; alerts: string[] }>(
    `SELECT id, slug, path, url, alerts FROM "Runbook"
     WHERE url = ANY($1::text[]) OR lower(slug) = ANY($2::text[])
        OR lower(regexp_replace(path, '^.*/|\\.(md|markdown)$', '', 'gi')) = ANY($2::text[]) OR alerts && $3::text[]
     LIMIT 20`,
    [urls, keys, alertnames],
  );
  const linked = new Map<string, LinkReason>();
  for (const row of rows) {
    // The SQL finds candidates; the shared rule decides (and prefers runbook_url).
    const reasons = alerts.map((a) => linkReason(row, a)).filter((r): r is LinkReason => r !== null);
    if (reasons.length) linked.set(row.id, reasons.includes("runbook_url") ? "runbook_url" : "alertname");
  }
  return linked;
}

async function similarChunks(sql: Sql, vector: number[], model: string): Promise<(ChunkRow & { similarity: number })[]> {
  return sql.rows(
    `SELECT ${CHUNK_COLUMNS}, 0 AS rank,
       (SELECT sum(a * b) FROM unnest(c.embedding, $1::real[]) AS v(a, b))::float8 AS similarity
     FROM "RunbookChunk" c JOIN "Runbook" r ON r.id = c."runbookId"
     WHERE c."embeddingModel" = $2 AND cardinality(c.embedding) = $3
     ORDER BY similarity DESC LIMIT ${CANDIDATES}`,
    [`{${vector.join(",")}}`, model, vector.length],
  );
}

export async function searchRunbooks(db: Db, query: RunbookQuery, options: SearchOptions = {}): Promise<RunbookHit[]> {
  const sql = prismaSql(db);
  const limit = options.limit ?? SEARCH_LIMIT;
  const primaryTerms = queryTerms(query.primary);
  const q1 = orQuery(primaryTerms);
  const q2 = orQuery(queryTerms(query.secondary).filter((t) => !primaryTerms.includes(t)));
  const linked = await linkedRunbooks(sql, query.alerts);

  const [matched, ofLinked] = await Promise.all([
    q1 || q2
      ? sql.rows<ChunkRow>(
          `SELECT ${CHUNK_COLUMNS}, (${RANK})::float8 AS rank FROM "RunbookChunk" c JOIN "Runbook" r ON r.id = c."runbookId", ${QUERIES}
           WHERE c.tsv @@ q.q1 OR c.tsv @@ q.q2 ORDER BY rank DESC, r.slug, c.ordinal LIMIT ${CANDIDATES}`,
          [q1, q2],
        )
      : Promise.resolve([]),
    linked.size
      ? sql.rows<ChunkRow>(
          `SELECT ${CHUNK_COLUMNS}, (${RANK})::float8 AS rank FROM "RunbookChunk" c JOIN "Runbook" r ON r.id = c."runbookId", ${QUERIES}
           WHERE c."runbookId" = ANY($3::text[]) ORDER BY rank DESC, c.ordinal LIMIT ${CANDIDATES}`,
          [q1, q2, [...linked.keys()]],
        )
      : Promise.resolve([]),
  ]);

  let similar: (ChunkRow & { similarity: number })[] = [];
  if (options.embedder && (q1 || q2)) {
    const text = [...query.primary, ...query.secondary].join("\n").slice(0, 4_000);
    const vectors = await embedTexts({ timeoutMs: QUERY_EMBED_TIMEOUT_MS, ...options.embedder }, [text], "runbook search");
    if (vectors) similar = await similarChunks(sql, vectors[0]!, options.embedder.model);
  }

  type Candidate = ChunkRow & { similarity: number | null; score: number };
  const candidates = new Map<string, Candidate>();
  const take = (row: ChunkRow) => {
    const known = candidates.get(row.id);
    if (known) return known;
    const fresh: Candidate = { ...row, rank: Number(row.rank), similarity: null, score: 0 };
    candidates.set(row.id, fresh);
    return fresh;
  };
  for (const row of ofLinked) take(row);
  matched.filter((r) => Number(r.rank) >= MIN_RANK).forEach((row, i) => (take(row).score += 1 / (RRF_K + i + 1)));
  similar
    .filter((r) => Number(r.similarity) >= MIN_SIMILARITY)
    .forEach((row, i) => {
      const c = take(row);
      c.similarity = Number(row.similarity);
      c.score += 1 / (RRF_K + i + 1);
    });
  // Chunks of linked runbooks that nothing matched stay candidates (their first chunk leads).
  const ordered = [...candidates.values()]
    .filter((c) => c.score > 0 || linked.has(c.runbookId))
    .sort(
      (a, b) =>
        Number(linked.has(b.runbookId)) - Number(linked.has(a.runbookId)) || b.score - a.score || b.rank - a.rank || a.ordinal - b.ordinal,
    );

  const perRunbook = new Map<string, number>();
  const hits: RunbookHit[] = [];
  for (const c of ordered) {
    if (hits.length >= limit) break;
    const n = perRunbook.get(c.runbookId) ?? 0;
    if (n >= (options.perRunbook ?? CHUNKS_PER_RUNBOOK)) continue;
    perRunbook.set(c.runbookId, n + 1);
    hits.push({
      runbookId: c.runbookId,
      slug: c.slug,
      title: c.title,
      ordinal: c.ordinal,
      heading: c.heading,
      content: c.content,
      linked: linked.get(c.runbookId) ?? null,
      rank: c.rank,
      similarity: c.similarity,
      score: c.score,
    });
  }
  return hits;
}

/** For each alert, the library runbook its runbook_url names, if any (the incident page's link). */
export async function runbooksForAlerts(
  db: Db,
  alerts: { id: string; alertname: string; annotations: Record<string, unknown> }[],
): Promise<Record<string, { id: string; slug: string; title: string }>> {
  const { urls, keys } = linkKeys(alerts.map((a) => ({ alertname: "", annotations: a.annotations })));
  if (!urls.length) return {};
  const rows = await prismaSql(db).rows<{
    id: string;
    slug: string;
    title: string;
    path: string | null;
    url: string | null;
    alerts: string[];
  }>(
    `SELECT id, slug, title, path, url, alerts FROM "Runbook"
     WHERE url = ANY($1::text[]) OR lower(slug) = ANY($2::text[]) OR lower(regexp_replace(path, '^.*/|\\.(md|markdown)$', '', 'gi')) = ANY($2::text[])
     ORDER BY (url = ANY($1::text[])) DESC NULLS LAST, slug LIMIT 50`,
    [urls, keys],
  );
  const out: Record<string, { id: string; slug: string; title: string }> = {};
  for (const alert of alerts) {
    const match = rows.find((r) => linkReason(r, { alertname: "", annotations: alert.annotations }) === "runbook_url");
    if (match) out[alert.id] = { id: match.id, slug: match.slug, title: match.title };
  }
  return out;
}
