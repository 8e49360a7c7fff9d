// The Users page's server actions as the console calls them: the session is the only thing
// stubbed (and Next's cache revalidation, which needs a request); users and audit rows are
// real. Only admins may call them, and each says what it did in the admin's words.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { actors } from "@/lib/testing/runbooks";
import type { Actor } from "@/lib/runbooks/library";

// A session carries its user's session version from sign-in (lib/auth/session.ts).
const session = vi.hoisted(() => ({ userId: null as string | null, sv: 0 }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: session.sv } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let t: TestDb;
let as: Record<"viewer" | "responder" | "admin", Actor>;
let actions: typeof import("@/app/(console)/admin/users/actions");

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  as = await actors(t.db);
  actions = await import("@/app/(console)/admin/users/actions");
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

const signIn = async (userId: string | null) => {
  session.userId = userId;
  session.sv = userId ? (await t.db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion : 0;
};

describe("user server actions", () => {
  it("refuses every action to a viewer, a responder and someone signed out, and changes nothing", async () => {
    const userId = as.viewer.id;
    const calls = () => [
      actions.addUserAction({ email: `${unique("new")}@vigil.test`, password: "long enough password", role: "admin" }),
      actions.changeRoleAction({ userId, role: "admin" }),
      actions.deactivateUserAction({ userId }),
      actions.reactivateUserAction({ userId }),
      actions.revokeSessionsAction({ userId }),
      actions.setPasswordAction({ userId, password: "long enough password" }),
    ];
    for (const role of ["viewer", "responder"] as const) {
      await signIn(as[role].id);
      for (const outcome of await Promise.all(calls())) {
        expect(outcome).toMatchObject({ ok: false, code: "forbidden" });
        expect(outcome.message).toMatch(new RegExp(`^You are a ${role}: only admins can `));
      }
    }
    await signIn(null);
    for (const outcome of await Promise.all(calls())) expect(outcome).toMatchObject({ ok: false, code: "signed_out" });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "viewer", sessionVersion: 0 });
    expect(await t.db.user.count()).toBe(3);
    expect(await t.db.auditEvent.count({ where: { action: { in: ["user.role_changed", "user.sessions_revoked"] } } })).toBe(0);
  });

  it("changes a user for an admin and says their sessions ended", async () => {
    await signIn(as.admin.id);
    const added = await actions.addUserAction({ email: `${unique("New")}@Vigil.test`, password: "long enough password", role: "viewer" });
    expect(added).toMatchObject({ ok: true, message: expect.stringMatching(/^Added new-[0-9a-f]+@vigil\.test as a viewer\.$/) });
    const userId = as.responder.id;
    expect(await actions.changeRoleAction({ userId, role: "viewer" })).toEqual({
      ok: true,
      message: `${as.responder.email} is now a viewer. Their sessions have ended.`,
    });
    expect(await actions.revokeSessionsAction({ userId })).toEqual({
      ok: true,
      message: `Signed ${as.responder.email} out everywhere. Their sessions have ended.`,
    });
    expect(await actions.setPasswordAction({ userId, password: "short" })).toEqual({
      ok: false,
      code: "malformed",
      message: "password: password must be at least 8 characters",
    });
    expect(await actions.deactivateUserAction({ userId })).toMatchObject({ ok: true });
    expect(await actions.reactivateUserAction({ userId })).toEqual({
      ok: true,
      message: `Reactivated ${as.responder.email}: they can sign in again.`,
    });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "viewer", sessionVersion: 4 });
  });

  it("refuses to demote the last admin, and ends an admin's own session when they revoke it", async () => {
    await signIn(as.admin.id);
    expect(await actions.changeRoleAction({ userId: as.admin.id, role: "responder" })).toEqual({
      ok: false,
      code: "conflict",
      message: "you are the last enabled admin: make another user an admin first, or nobody could manage users",
    });
    expect(await actions.revokeSessionsAction({ userId: as.admin.id })).toEqual({
      ok: true,
      message: "Signed " + as.admin.email + " out everywhere. Your own sessions ended: sign in again.",
    });
    // The same session, one request later.
    expect(await actions.revokeSessionsAction({ userId: as.viewer.id })).toMatchObject({ ok: false, code: "signed_out" });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: as.viewer.id } })).toMatchObject({ sessionVersion: 0 });
  });
});
