// Syncing a folder of runbooks on a real database (both kinds): files added, changed and
// removed; an unchanged folder writes nothing at all; a bad file keeps its stored version;
// uploads are never touched; a missing folder changes nothing.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "@/lib/testing/database";
import { prismaSql } from "@/lib/db/sql";
import { getRunbook, uploadRunbook, type Actor } from "@/lib/runbooks/library";
import { searchRunbooks } from "@/lib/runbooks/search";
import { markdownFiles, syncRunbookFolder } from "@/lib/runbooks/sync";
import { startFakeOllama, type FakeOllama } from "@/lib/model/fake-ollama";
import { createOllamaEmbedder } from "@/lib/model/ollama";
import { actors, markdownFile, word } from "@/lib/testing/runbooks";

let t: TestDb;
let dir: string;
let as: Record<"viewer" | "responder" | "admin", Actor>;

beforeAll(async () => {
  t = await openTestDb();
  as = await actors(t.db);
  dir = await mkdtemp(path.join(os.tmpdir(), "vigil-runbooks-"));
  // The embedded database is shared by test files: start from a library with no synced runbooks.
  await syncRunbookFolder(t.db, dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t?.close();
});

const put = async (file: string, text: string | Uint8Array) => {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
};
const folderRunbooks = () =>
  t.db.runbook.findMany({
    where: { source: "folder" },
    orderBy: { path: "asc" },
    select: { id: true, slug: true, path: true, title: true, contentHash: true, updatedAt: true },
  });
/** Every row and audit event, to prove that a sync wrote nothing. */
const snapshot = async () => ({
  runbooks: await prismaSql(t.db).rows(`SELECT id, "contentHash", "updatedAt", xmin::text AS version FROM "Runbook" ORDER BY id`),
  chunks: await prismaSql(t.db).rows(`SELECT id, xmin::text AS version FROM "RunbookChunk" ORDER BY id`),
  audit: await t.db.auditEvent.count(),
});

describe("syncRunbookFolder", () => {
  it("adds, re-indexes and removes runbooks as the folder changes; an unchanged folder writes nothing", async () => {
    const tag = word();
    await put("db/postgres.md", `---\nalerts: [PostgresDown]\n---\n# Postgres ${tag}\n\n## Failover\n\nPromote the replica.`);
    await put("cache/redis.md", `# Redis ${tag}\n\nFlush it.`);
    await put("notes.txt", "not a runbook");
    await put(".drafts/hidden.md", "# Hidden");
    expect(await markdownFiles(dir)).toEqual(["cache/redis.md", "db/postgres.md"]);

    expect(await syncRunbookFolder(t.db, dir)).toEqual({ added: 2, updated: 0, removed: 0, unchanged: 0, embedded: 0, failed: [] });
    const first = await folderRunbooks();
    expect(first.map((r) => [r.path, r.slug, r.title])).toEqual([
      ["cache/redis.md", "cache-redis", `Redis ${tag}`],
      ["db/postgres.md", "db-postgres", `Postgres ${tag}`],
    ]);
    expect((await getRunbook(t.db, first[1]!.id))!).toMatchObject({ alerts: ["PostgresDown"], source: "folder", updatedBy: null });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "runbook.synced" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorType: "system", data: { added: 2, updated: 0, removed: 0, failed: 0 } });

    // Nothing changed on disk: not one row or audit event is written.
    const before = await snapshot();
    expect(await syncRunbookFolder(t.db, dir)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 2, embedded: 0, failed: [] });
    expect(await snapshot()).toEqual(before);

    await put("db/postgres.md", `# Postgres ${tag}\n\n## Failover\n\nPromote the replica.\n\n## Vacuum\n\nRun VACUUM.`);
    await rm(path.join(dir, "cache/redis.md"));
    await put("k8s/ingress.md", `# Ingress ${tag}\n\nCheck the controller.`);
    expect(await syncRunbookFolder(t.db, dir)).toEqual({ added: 1, updated: 1, removed: 1, unchanged: 0, embedded: 0, failed: [] });
    const after = await folderRunbooks();
    expect(after.map((r) => r.path)).toEqual(["db/postgres.md", "k8s/ingress.md"]);
    // Re-indexed in place: same runbook, new chunks; its front matter is gone with the new text.
    const postgres = (await getRunbook(t.db, first[1]!.id))!;
    expect(postgres.chunks.map((c) => c.heading)).toEqual([`Postgres ${tag} › Failover`, `Postgres ${tag} › Vacuum`]);
    expect(postgres.alerts).toEqual([]);
    expect(await t.db.runbook.findUnique({ where: { id: first[0]!.id } })).toBeNull();
    expect(await t.db.runbookChunk.count({ where: { runbookId: first[0]!.id } })).toBe(0);
    expect((await searchRunbooks(t.db, { alerts: [], primary: [`vacuum ${tag}`], secondary: [] }))[0]).toMatchObject({
      runbookId: postgres.id,
      heading: `Postgres ${tag} › Vacuum`,
    });
  });

  it("keeps the stored version of a file that became unreadable, and reports it", async () => {
    const tag = word();
    await put("broken.md", `# Broken ${tag}\n\nGood text.`);
    await syncRunbookFolder(t.db, dir);
    const stored = (await folderRunbooks()).find((r) => r.path === "broken.md")!;
    await put("broken.md", new Uint8Array([0x23, 0x20, 0xff, 0x41]));
    await put("meta.md", "---\nurl: not a url\n---\n# Meta");
    const result = await syncRunbookFolder(t.db, dir);
    expect(result.failed).toEqual([
      { path: "broken.md", error: "broken.md is not UTF-8 text: save it as UTF-8 Markdown" },
      { path: "meta.md", error: expect.stringMatching(/^front matter: url:/) },
    ]);
    expect(result).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect((await getRunbook(t.db, stored.id))!.chunks[0]!.content).toBe(`# Broken ${tag}\n\nGood text.`);
    await rm(path.join(dir, "broken.md"));
    await rm(path.join(dir, "meta.md"));
    expect(await syncRunbookFolder(t.db, dir)).toMatchObject({ removed: 1, failed: [] });
  });

  it("never touches uploads, gives a new file a free slug, and records a user's sync even when nothing changed", async () => {
    const tag = word();
    const upload = await uploadRunbook(t.db, markdownFile(`shared-${tag}.md`, `# Uploaded ${tag}\n\ntext`), as.responder);
    await put(`shared-${tag}.md`, `# From the folder ${tag}\n\ntext`);
    expect(await syncRunbookFolder(t.db, dir)).toMatchObject({ added: 1, removed: 0 });
    const synced = (await folderRunbooks()).find((r) => r.path === `shared-${tag}.md`)!;
    expect(synced.slug).toBe(`shared-${tag}-2`);
    expect(await getRunbook(t.db, upload.runbook.id)).toMatchObject({ title: `Uploaded ${tag}`, source: "upload" });

    // An upload may not take over a synced runbook's name.
    await expect(uploadRunbook(t.db, markdownFile(`shared-${tag}-2.md`, "# x\n\ny"), as.admin)).rejects.toMatchObject({ code: "conflict" });

    await rm(path.join(dir, `shared-${tag}.md`));
    expect(await syncRunbookFolder(t.db, dir)).toMatchObject({ removed: 1 });
    expect(await getRunbook(t.db, upload.runbook.id)).not.toBeNull();

    const audits = () => t.db.auditEvent.count({ where: { action: "runbook.synced", actorId: as.admin.id } });
    expect(await audits()).toBe(0);
    expect(await syncRunbookFolder(t.db, dir, { actor: { type: "user", id: as.admin.id } })).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
    });
    expect(await audits()).toBe(1);
  });

  it("changes nothing when the folder is missing", async () => {
    const count = await t.db.runbook.count({ where: { source: "folder" } });
    expect(count).toBeGreaterThan(0);
    await expect(syncRunbookFolder(t.db, path.join(dir, "gone"))).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("does not exist"),
    });
    expect(await t.db.runbook.count({ where: { source: "folder" } })).toBe(count);
  });

  describe("with an embedding model", () => {
    let ollama: FakeOllama;
    let down = false;
    beforeAll(async () => {
      ollama = await startFakeOllama({
        script: () => ({ kind: "hang" }),
        models: ["nomic-embed-text"],
        embed: () => (down ? { kind: "status", status: 503, error: "server busy" } : { kind: "vectors" }),
      });
    });
    afterAll(async () => {
      await ollama?.stop();
    });
    const embedder = () => ({ client: createOllamaEmbedder({ host: ollama.url }), model: "nomic-embed-text" });

    it("embeds what is not embedded yet, once, and keeps going when Ollama is down", async () => {
      const tag = word();
      await put(`embed-${tag}.md`, `# Embedded ${tag}\n\ntext`);
      down = true;
      const failedPass = await syncRunbookFolder(t.db, dir, { embedder: embedder() });
      expect(failedPass).toMatchObject({ added: 1, embedded: 0, failed: [] });
      // Unchanged text, Ollama still down: nothing to write.
      const before = await snapshot();
      expect(await syncRunbookFolder(t.db, dir, { embedder: embedder() })).toMatchObject({ added: 0, updated: 0, embedded: 0 });
      expect(await snapshot()).toEqual(before);
      down = false;
      const embeddedPass = await syncRunbookFolder(t.db, dir, { embedder: embedder() });
      expect(embeddedPass.embedded).toBeGreaterThanOrEqual(1);
      expect(embeddedPass).toMatchObject({ added: 0, updated: 0, removed: 0 });
      const unembedded = await prismaSql(t.db).rows(
        `SELECT 1 FROM "RunbookChunk" c JOIN "Runbook" r ON r.id = c."runbookId" WHERE r.source = 'folder' AND c."embeddingModel" IS DISTINCT FROM 'nomic-embed-text'`,
      );
      expect(unembedded).toEqual([]);
      const requests = ollama.requests.length;
      expect(await syncRunbookFolder(t.db, dir, { embedder: embedder() })).toMatchObject({ embedded: 0, added: 0, updated: 0 });
      expect(ollama.requests.length).toBe(requests);
    });
  });
});
