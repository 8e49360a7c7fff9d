// serverAction, the console's one server-action wrapper, with real users in a real database:
// only the session cookie is stubbed. Who may call, what input passes, and what an expected
// or an unexpected failure looks like to the person who clicked.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { VigilError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let serverAction: typeof import("@/lib/auth/server-action").serverAction;
const users = {} as Record<Role, string>;

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ serverAction } = await import("@/lib/auth/server-action"));
  for (const role of ["viewer", "responder", "admin"] as const) {
    users[role] = (await t.db.user.create({ data: { email: `${unique(role)}@vigil.test`, passwordHash: "unused", role } })).id;
  }
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

type Out = { ok: boolean; message: string; code?: string; errorId?: string; seen?: string };
const ran: string[] = [];
const act = (fail?: Error) =>
  serverAction(
    { what: "restart things", role: "responder", input: z.object({ id: z.string().max(8) }) },
    async (input, user): Promise<Out> => {
      if (fail) throw fail;
      ran.push(input.id);
      return { ok: true, message: "done", seen: user.role };
    },
  );

describe("serverAction", () => {
  it("refuses someone signed out, or below the role, before reading the input or doing anything", async () => {
    session.userId = null;
    expect(await act()({ id: "a" })).toEqual({ ok: false, code: "signed_out", message: "Your session has ended: sign in again." });
    session.userId = users.viewer;
    expect(await act()({ id: "a" })).toEqual({
      ok: false,
      code: "forbidden",
      message: "You are a viewer: only responders and admins can restart things.",
    });
    const disabled = await t.db.user.create({
      data: { email: `${unique("gone")}@vigil.test`, passwordHash: "unused", role: "admin", disabledAt: new Date() },
    });
    session.userId = disabled.id;
    expect(await act()({ id: "a" })).toMatchObject({ ok: false, code: "signed_out" });
    expect(ran).toEqual([]);
  });

  it("names what is wrong with malformed input, and does nothing", async () => {
    session.userId = users.responder;
    expect(await act()({ id: "much-too-long" })).toMatchObject({ ok: false, code: "malformed", message: expect.stringContaining("id: ") });
    expect(await act()({ id: 7 } as unknown as { id: string })).toMatchObject({ ok: false, code: "malformed" });
    expect(ran).toEqual([]);
  });

  it("runs the work for the role and above, with the user", async () => {
    session.userId = users.admin;
    expect(await act()({ id: "ok" })).toEqual({ ok: true, message: "done", seen: "admin" });
    expect(ran).toEqual(["ok"]);
  });

  it("shows an expected failure in its own words", async () => {
    session.userId = users.responder;
    expect(await act(new VigilError("conflict", "someone else got there first"))({ id: "x" })).toEqual({
      ok: false,
      code: "conflict",
      message: "someone else got there first",
    });
  });

  it("shows anything else as a generic message with an id, never the raw error, and logs it with that id", async () => {
    session.userId = users.responder;
    const raw = new Error("Invalid `prisma.proposedAction.create()` invocation: Unique constraint failed on the fields: (`rollbackOfId`)");
    const { log } = await import("@/lib/log");
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const out = await act(raw)({ id: "x" });
    expect(out).toMatchObject({ ok: false, code: "error", errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(out.message).toBe(`Could not restart things: an unexpected error (id ${out.errorId}). Reload to see where things stand.`);
    expect(out.message).not.toMatch(/prisma|constraint/i);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: raw, errorId: out.errorId }), "console action failed");
    logged.mockRestore();
  });
});
