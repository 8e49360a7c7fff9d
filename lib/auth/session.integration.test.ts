// Issue 14's finding, pinned: a session cookie copied out of a browser stopped working at
// nothing but its 12-hour expiry. Sign-in, sign-out and reading the session run next-auth's
// own code on a cookie jar (lib/testing/next-auth.ts); users and audit rows are real.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { Browser, sessionCookies } from "@/lib/testing/next-auth";
import { createUser } from "@/lib/auth/users";
import { changeRole, deactivateUser, reactivateUser, revokeSessions, setPassword, type Admin } from "@/lib/auth/user-admin";

// The cookies the request in flight presents.
const request = vi.hoisted(() => ({ cookies: {} as Record<string, string> }));
vi.mock("next-auth", async (importOriginal) => {
  const { readSession } = await import("@/lib/testing/next-auth");
  return {
    ...(await importOriginal<typeof import("next-auth")>()),
    getServerSession: (options: import("next-auth").NextAuthOptions) => readSession(options, request.cookies),
  };
});

let t: TestDb;
let admin: Admin;
let authOptions: typeof import("@/lib/auth/options").authOptions;
let currentUser: typeof import("@/lib/auth/session").currentUser;

beforeAll(async () => {
  // next-auth's handler warns without its origin.
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ authOptions } = await import("@/lib/auth/options"));
  ({ currentUser } = await import("@/lib/auth/session"));
  const user = await createUser(t.db, { email: `${unique("admin")}@vigil.test`, password, role: "admin" }, { type: "system" });
  admin = { id: user.id, role: user.role };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

const password = "correct-horse-battery";

/** A viewer signed in in a browser, and a copy of that browser's cookies taken then. */
async function signedInViewer() {
  const email = `${unique("viewer")}@vigil.test`;
  const user = await createUser(t.db, { email, password, role: "viewer" }, { type: "system" });
  const browser = new Browser();
  expect(await browser.signIn(authOptions, email, password)).toBe(true);
  return { user, browser, copied: { ...browser.cookies } };
}

/** Who Vigil takes a request carrying `cookies` to be. */
async function whoIs(cookies: Record<string, string>) {
  request.cookies = cookies;
  return (await currentUser())?.id ?? null;
}

describe("a session after its user signs out", () => {
  it("is refused, though its cookie was copied before and has hours left", async () => {
    const { user, browser, copied } = await signedInViewer();
    expect(await whoIs(copied)).toBe(user.id);
    await browser.signOut(authOptions);
    expect(await whoIs(browser.cookies)).toBeNull();
    expect(await whoIs(copied)).toBeNull();
    const revoked = await t.db.auditEvent.findMany({ where: { action: "user.sessions_revoked", targetId: user.id } });
    expect(revoked.map((e) => [e.actorId, e.data])).toEqual([
      [user.id, { email: user.email, reason: "signed out", before: { sessionVersion: 0 }, after: { sessionVersion: 1 } }],
    ]);
    // Signing in again works; the copy stays dead.
    expect(await browser.signIn(authOptions, user.email, password)).toBe(true);
    expect(await whoIs(browser.cookies)).toBe(user.id);
    expect(await whoIs(copied)).toBeNull();
  });

  it("cannot, once ended, end its user's newer sessions by signing out again", async () => {
    const { user, browser, copied } = await signedInViewer();
    await browser.signOut(authOptions);
    expect(await browser.signIn(authOptions, user.email, password)).toBe(true);
    const thief = new Browser();
    thief.cookies = { ...copied };
    await thief.signOut(authOptions);
    expect(await whoIs(browser.cookies)).toBe(user.id);
    expect(await t.db.auditEvent.count({ where: { action: "user.sessions_revoked", targetId: user.id } })).toBe(1);
  });
});

describe("a session after an admin changes its user", () => {
  const changes = {
    "revokes the sessions": (userId: string) => revokeSessions(t.db, { userId }, admin),
    "changes the role": (userId: string) => changeRole(t.db, { userId, role: "responder" }, admin),
    "deactivates the user": (userId: string) => deactivateUser(t.db, { userId }, admin),
    "sets a new password": (userId: string) => setPassword(t.db, { userId, password: "a new long password" }, admin),
  };
  for (const [what, change] of Object.entries(changes)) {
    it(`is refused once an admin ${what}`, async () => {
      const { user, copied } = await signedInViewer();
      expect(await whoIs(copied)).toBe(user.id);
      await change(user.id);
      expect(await whoIs(copied)).toBeNull();
    });
  }

  it("stays refused when a deactivated user is reactivated", async () => {
    const { user, browser, copied } = await signedInViewer();
    await deactivateUser(t.db, { userId: user.id }, admin);
    await reactivateUser(t.db, { userId: user.id }, admin);
    expect(await whoIs(copied)).toBeNull();
    expect(await browser.signIn(authOptions, user.email, password)).toBe(true);
    expect(await whoIs(browser.cookies)).toBe(user.id);
  });
});

describe("a session without a version", () => {
  it("(signed before versions existed) is refused", async () => {
    const { user } = await signedInViewer();
    expect(await whoIs(await sessionCookies({ uid: user.id, role: "viewer", sub: user.id }))).toBeNull();
    expect(await whoIs(await sessionCookies({ uid: user.id, role: "viewer", sub: user.id, sv: 0 }))).toBe(user.id);
  });
});
