// The runbook library's domain functions, shared by the console's server actions, the sync
// and the tests: upload (responders and admins), delete (admins), list and read (anyone
// signed in). Each checks the actor's role itself. A refused or unreadable file changes
// nothing; a write and its audit event commit together.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { prismaSql, sqlTransaction } from "@/lib/db/sql";
import { appendAudit } from "@/lib/audit/append";
import { hasRole } from "@/lib/auth/roles";
import { VigilError } from "@/lib/errors";
import { decodeRunbook, parseRunbook, type RunbookDocument } from "@/lib/runbooks/document";
import { baseName, isMarkdownName } from "@/lib/runbooks/names";
import { embedTexts, type Embedder } from "@/lib/runbooks/embed";
import { slugify } from "@/lib/runbooks/slug";
import {
  deleteRunbookRow,
  embeddingText,
  insertRunbook,
  lockRunbooks,
  runbookHeads,
  updateRunbook,
  type Embedded,
} from "@/lib/runbooks/store";

export type Actor = { id: string; email: string; role: Role };

export function requireRole(actor: Actor, role: Role, what: string): void {
  if (!hasRole(actor.role, role)) throw new VigilError("forbidden", `${what} needs the ${role} role; you are ${actor.role}`);
}

/** The chunks' embeddings, or null (no model configured, or embedding failed: logged). */
export async function embedDocument(doc: RunbookDocument, embedder: Embedder | null | undefined): Promise<Embedded> {
  if (!embedder) return null;
  const vectors = await embedTexts(embedder, doc.chunks.map(embeddingText), `runbook "${doc.title}"`);
  return vectors ? { vectors, model: embedder.model } : null;
}

export type UploadOutcome = {
  runbook: { id: string; slug: string; title: string; chunks: number };
  outcome: "created" | "updated" | "unchanged";
  embedded: boolean;
};

export async function uploadRunbook(
  db: Db,
  file: { name: string; bytes: Uint8Array },
  actor: Actor,
  options: { embedder?: Embedder | null; now?: Date } = {},
): Promise<UploadOutcome> {
  requireRole(actor, "responder", "uploading a runbook");
  const name = file.name.split(/[\\/]/).pop() ?? "";
  if (!isMarkdownName(name))
    throw new VigilError("unsupported_media_type", `${name || "the file"} is not a Markdown file: upload a .md file`);
  const doc = parseRunbook(decodeRunbook(file.bytes, name), name);
  const slug = slugify(baseName(name));
  const model = options.embedder?.model ?? null;
  const summary = (id: string, outcome: UploadOutcome["outcome"], embedded: boolean): UploadOutcome => ({
    runbook: { id, slug, title: doc.title, chunks: doc.chunks.length },
    outcome,
    embedded,
  });

  const before = (await runbookHeads(prismaSql(db), { slug }, model))[0];
  if (before?.source === "folder") {
    throw new VigilError(
      "conflict",
      `"${slug}" is synced from the runbooks folder (${before.path}): change the file there, or upload it under another name`,
    );
  }
  // Same text, already embedded as configured: nothing to write, and no model call.
  if (before && before.contentHash === doc.contentHash && before.embedded) return summary(before.id, "unchanged", model !== null);

  const embedded = await embedDocument(doc, options.embedder);
  const now = options.now ?? new Date();
  return sqlTransaction(db, async (sql) => {
    await lockRunbooks(sql);
    const existing = (await runbookHeads(sql, { slug }, model))[0];
    if (existing?.source === "folder")
      throw new VigilError("conflict", `"${slug}" is synced from the runbooks folder: change the file there`);
    // Same text: only missing embeddings may be worth a write (chunks rewritten with them).
    if (existing && existing.contentHash === doc.contentHash && (existing.embedded || !embedded))
      return summary(existing.id, "unchanged", existing.embedded && model !== null);
    const write = { doc, embedded, updatedBy: actor.email, now };
    const id = existing
      ? (await updateRunbook(sql, existing.id, write), existing.id)
      : await insertRunbook(sql, { slug, source: "upload", path: null }, write);
    await appendAudit(sql, [
      {
        action: "runbook.uploaded",
        actorType: "user",
        actorId: actor.id,
        targetType: "Runbook",
        targetId: id,
        data: {
          slug,
          title: doc.title,
          chunks: doc.chunks.length,
          bytes: file.bytes.byteLength,
          replaced: Boolean(existing),
          embedded: embedded !== null,
        },
      },
    ]);
    return summary(id, existing ? "updated" : "created", embedded !== null);
  });
}

export async function deleteRunbook(db: Db, id: string, actor: Actor): Promise<{ title: string; source: string; path: string | null }> {
  requireRole(actor, "admin", "deleting a runbook");
  return sqlTransaction(db, async (sql) => {
    await lockRunbooks(sql);
    const [row] = await sql.rows<{ slug: string; title: string; source: string; path: string | null }>(
      `SELECT slug, title, source, path FROM "Runbook" WHERE id = $1`,
      [id],
    );
    if (!row) throw new VigilError("not_found", "no such runbook (it may have been deleted already)");
    await deleteRunbookRow(sql, id);
    await appendAudit(sql, [
      { action: "runbook.deleted", actorType: "user", actorId: actor.id, targetType: "Runbook", targetId: id, data: { ...row } },
    ]);
    return row;
  });
}

/** What the library list and a runbook's page both show of it. */
const runbookFields = {
  id: true,
  slug: true,
  title: true,
  source: true,
  path: true,
  url: true,
  alerts: true,
  services: true,
  updatedAt: true,
  updatedBy: true,
} as const;

export async function listRunbooks(db: Db) {
  const rows = await db.runbook.findMany({
    select: { ...runbookFields, _count: { select: { chunks: true } } },
    orderBy: [{ title: "asc" }, { slug: "asc" }],
    take: 2000,
  });
  return rows.map(({ _count, ...r }) => ({ ...r, chunks: _count.chunks }));
}

export type RunbookListItem = Awaited<ReturnType<typeof listRunbooks>>[number];

export async function getRunbook(db: Db, id: string) {
  return db.runbook.findUnique({
    where: { id },
    select: {
      ...runbookFields,
      contentHash: true,
      createdAt: true,
      chunks: { orderBy: { ordinal: "asc" }, select: { ordinal: true, heading: true, content: true, tokens: true, embeddingModel: true } },
    },
  });
}

export type RunbookDetail = NonNullable<Awaited<ReturnType<typeof getRunbook>>>;
