// The runbook library's server actions as the console calls them: the session is the only
// thing stubbed (and Next's cache revalidation, which needs a request); users, runbooks and
// audit rows are real. Each action checks the role itself.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, type TestDb } from "@/lib/testing/database";
import { actors, word } from "@/lib/testing/runbooks";
import type { Actor } from "@/lib/runbooks/library";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDb;
let as: Record<"viewer" | "responder" | "admin", Actor>;
let actions: typeof import("@/app/(console)/runbooks/actions");

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  as = await actors(t.db);
  actions = await import("@/app/(console)/runbooks/actions");
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

const formWith = (name: string, text: string | Uint8Array<ArrayBuffer>) => {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/markdown" }));
  return form;
};

describe("runbook server actions", () => {
  it("refuses an upload from someone signed out or a viewer, and stores nothing", async () => {
    const tag = word();
    session.userId = null;
    expect(await actions.uploadRunbookAction(formWith(`a-${tag}.md`, "# A\n\ntext"))).toEqual({
      ok: false,
      code: "signed_out",
      message: "Your session has ended: sign in again.",
    });
    session.userId = as.viewer.id;
    expect(await actions.uploadRunbookAction(formWith(`a-${tag}.md`, "# A\n\ntext"))).toEqual({
      ok: false,
      code: "forbidden",
      message: "You are a viewer: only responders and admins can upload runbooks.",
    });
    expect(await t.db.runbook.count({ where: { slug: `a-${tag}` } })).toBe(0);
  });

  it("uploads for a responder, says what it did, and explains a refused file", async () => {
    const tag = word();
    session.userId = as.responder.id;
    const created = await actions.uploadRunbookAction(formWith(`b-${tag}.md`, `# B ${tag}\n\n## One\n\nx\n\n## Two\n\ny`));
    expect(created).toMatchObject({ ok: true, message: `Added B ${tag} (2 chunks).` });
    expect(await t.db.runbook.findUnique({ where: { slug: `b-${tag}` } })).toMatchObject({
      id: (created as { id: string }).id,
      updatedBy: as.responder.email,
    });
    expect(await actions.uploadRunbookAction(formWith(`b-${tag}.md`, `# B ${tag}\n\n## One\n\nx\n\n## Two\n\ny`))).toEqual({
      ok: true,
      message: `B ${tag} is already in the library, unchanged.`,
      id: (created as { id: string }).id,
    });
    expect(await actions.uploadRunbookAction(formWith(`c-${tag}.md`, new Uint8Array([0xff, 0xfe])))).toMatchObject({
      ok: false,
      message: `c-${tag}.md is not UTF-8 text: save it as UTF-8 Markdown`,
    });
    expect(await actions.uploadRunbookAction(formWith(`big-${tag}.md`, "a".repeat(300 * 1024)))).toEqual({
      ok: false,
      message: `big-${tag}.md is 300 KiB; a runbook may be at most 256 KiB.`,
    });
    expect(await actions.uploadRunbookAction(new FormData())).toMatchObject({
      ok: false,
      message: "Choose a Markdown file (.md) to upload.",
    });
  });

  it("lets only an admin delete, and sync only when a folder is configured", async () => {
    const tag = word();
    session.userId = as.responder.id;
    const created = (await actions.uploadRunbookAction(formWith(`d-${tag}.md`, `# D ${tag}\n\ntext`))) as { id: string };
    expect(await actions.deleteRunbookAction(created.id)).toEqual({
      ok: false,
      code: "forbidden",
      message: "You are a responder: only admins can delete runbooks.",
    });
    expect(await actions.syncRunbooksAction()).toEqual({
      ok: false,
      code: "forbidden",
      message: "You are a responder: only admins can sync the runbooks folder.",
    });
    session.userId = as.admin.id;
    expect(await actions.deleteRunbookAction(created.id)).toEqual({ ok: true, message: `Deleted D ${tag}.` });
    expect(await t.db.runbook.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await actions.deleteRunbookAction(created.id)).toMatchObject({
      ok: false,
      message: "no such runbook (it may have been deleted already)",
    });
    // The test environment sets no VIGIL_RUNBOOKS_DIR.
    expect(await actions.syncRunbooksAction()).toMatchObject({
      ok: false,
      message: "no runbooks folder is configured: set VIGIL_RUNBOOKS_DIR",
    });
  });
});
