// Syncs the runbook library with a folder of Markdown files (VIGIL_RUNBOOKS_DIR): new files
// are added, changed ones re-indexed, runbooks whose file is gone deleted (only synced ones:
// uploads are never touched). Idempotent by content hash: an unchanged folder writes
// nothing, not even an audit event, so it can run at every start and every few minutes.
// A file that cannot be read (too big, not UTF-8, bad front matter) is reported and its
// stored version kept: bad input loses nothing already stored.
import "server-only";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { prismaSql, sqlTransaction, type Sql } from "@/lib/db/sql";
import { appendAudit } from "@/lib/audit/append";
import { VigilError } from "@/lib/errors";
import { decodeRunbook, parseRunbook, type RunbookDocument } from "@/lib/runbooks/document";
import { isMarkdownName } from "@/lib/runbooks/names";
import type { Embedder } from "@/lib/runbooks/embed";
import { embedDocument } from "@/lib/runbooks/library";
import { RUNBOOK_MAX_BYTES } from "@/lib/runbooks/limits";
import { freeSlug, slugify } from "@/lib/runbooks/slug";
import { insertRunbook, lockRunbooks, runbookHeads, updateRunbook, type Embedded, type StoredRunbookHead } from "@/lib/runbooks/store";

export type SyncResult = {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Runbooks whose chunks were (re-)embedded by this sync. */
  embedded: number;
  failed: { path: string; error: string }[];
};

export type SyncActor = { type: "system" } | { type: "user"; id: string };

/** More files than this in one folder is a misconfiguration (a home directory?), not a library. */
const MAX_FILES = 5_000;

/** Folder-relative paths (with "/") of the Markdown files under `root`, sorted. Hidden
 * entries and node_modules are skipped; symbolic links are not followed. */
export async function markdownFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && isMarkdownName(entry.name)) {
        found.push(path.relative(root, full).split(path.sep).join("/"));
        if (found.length > MAX_FILES)
          throw new VigilError(
            "bad_request",
            `${root} holds more than ${MAX_FILES} Markdown files: point VIGIL_RUNBOOKS_DIR at the runbooks themselves`,
          );
      }
    }
  };
  await walk(root);
  return found.sort();
}

async function readRunbook(root: string, file: string): Promise<RunbookDocument> {
  const full = path.join(root, file);
  const { size } = await lstat(full);
  if (size > RUNBOOK_MAX_BYTES)
    throw new VigilError(
      "payload_too_large",
      `${file} is ${Math.ceil(size / 1024)} KiB; a runbook may be at most ${RUNBOOK_MAX_BYTES / 1024} KiB`,
    );
  return parseRunbook(decodeRunbook(await readFile(full), file), file);
}

type Plan = { file: string; doc: RunbookDocument; existing: StoredRunbookHead | undefined };

export async function syncRunbookFolder(
  db: Db,
  dir: string,
  options: { embedder?: Embedder | null; actor?: SyncActor; now?: Date } = {},
): Promise<SyncResult> {
  const root = path.resolve(dir);
  const isDir = await lstat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  // A missing folder (an unmounted volume) must not read as "every runbook was deleted".
  if (!isDir) throw new VigilError("bad_request", `the runbooks folder ${dir} does not exist or is not a directory`);
  const actor = options.actor ?? { type: "system" };
  const model = options.embedder?.model ?? null;
  const result: SyncResult = { added: 0, updated: 0, removed: 0, unchanged: 0, embedded: 0, failed: [] };

  const docs: { file: string; doc: RunbookDocument }[] = [];
  for (const file of await markdownFiles(root)) {
    try {
      docs.push({ file, doc: await readRunbook(root, file) });
    } catch (err) {
      result.failed.push({ path: file, error: (err as Error).message.slice(0, 300) });
    }
  }

  const heads = await runbookHeads(prismaSql(db), { source: "folder" }, model);
  const byPath = new Map(heads.map((h) => [h.path!, h]));
  const seen = new Set([...docs.map((d) => d.file), ...result.failed.map((f) => f.path)]);
  const removed = heads.filter((h) => !seen.has(h.path!));
  const work: Plan[] = [];
  for (const { file, doc } of docs) {
    const existing = byPath.get(file);
    if (existing && existing.contentHash === doc.contentHash && existing.embedded) result.unchanged += 1;
    else work.push({ file, doc, existing });
  }

  // Embeddings are computed before the transaction: a slow model never holds a lock.
  const embeddings = new Map<string, Embedded>();
  for (const plan of work) embeddings.set(plan.file, await embedDocument(plan.doc, options.embedder));
  // Unchanged text whose embedding failed again: nothing to write for it.
  const writes = work.filter((p) => !(p.existing && p.existing.contentHash === p.doc.contentHash && embeddings.get(p.file) === null));
  result.unchanged += work.length - writes.length;
  if (writes.length === 0 && removed.length === 0 && actor.type === "system") return result;

  const now = options.now ?? new Date();
  return sqlTransaction(db, async (sql) => {
    await lockRunbooks(sql);
    // Another replica may have synced meanwhile: decide again against what is stored now.
    const current = new Map((await runbookHeads(sql, { source: "folder" }, model)).map((h) => [h.path!, h]));
    for (const { file, doc } of writes) {
      const embedded = embeddings.get(file) ?? null;
      const existing = current.get(file);
      const write = { doc, embedded, updatedBy: null, now };
      if (!existing) {
        const slug = await freeSlugIn(sql, slugify(file));
        await insertRunbook(sql, { slug, source: "folder", path: file }, write);
        result.added += 1;
      } else if (existing.contentHash !== doc.contentHash || (embedded && !existing.embedded)) {
        await updateRunbook(sql, existing.id, write);
        if (existing.contentHash !== doc.contentHash) result.updated += 1;
        else result.unchanged += 1;
      } else {
        result.unchanged += 1;
        continue;
      }
      if (embedded) result.embedded += 1;
    }
    const gone = removed.map((h) => h.id);
    if (gone.length) result.removed = await sql.run(`DELETE FROM "Runbook" WHERE id = ANY($1::text[]) AND source = 'folder'`, [gone]);
    const changed = result.added + result.updated + result.removed + result.embedded > 0;
    if (changed || actor.type === "user") {
      await appendAudit(sql, [
        {
          action: "runbook.synced",
          actorType: actor.type,
          actorId: actor.type === "user" ? actor.id : null,
          targetType: "RunbookFolder",
          targetId: dir.slice(0, 500),
          data: { ...result, failed: result.failed.length, failedPaths: result.failed.slice(0, 20).map((f) => f.path) },
        },
      ]);
    }
    return result;
  });
}

async function freeSlugIn(sql: Sql, base: string): Promise<string> {
  const taken = new Set(
    (await sql.rows<{ slug: string }>(`SELECT slug FROM "Runbook" WHERE slug = $1 OR slug LIKE $2`, [base, `${base}-%`])).map(
      (r) => r.slug,
    ),
  );
  return freeSlug(base, (s) => taken.has(s));
}
