import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { authenticate, createUser, ensureBootstrapAdmin } from "@/lib/auth/users";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe("users", () => {
  it("creates a user with a hashed password, audited, and refuses a duplicate email", async () => {
    const email = `${unique("u")}@example.com`;
    const user = await createUser(t.db, { email: email.toUpperCase(), password: "long enough", role: "responder" }, { type: "system" });
    expect(user.email).toBe(email);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain("long enough");
    expect(await t.db.auditEvent.count({ where: { action: "user.created", targetId: user.id } })).toBe(1);
    await expect(createUser(t.db, { email, password: "long enough", role: "viewer" }, { type: "system" })).rejects.toThrow(
      /already exists/,
    );
    await expect(createUser(t.db, { email: `${unique("u")}@x.io`, password: "short", role: "viewer" }, { type: "system" })).rejects.toThrow(
      /at least 8/,
    );
  });

  it("authenticates the right password only, and never a disabled user", async () => {
    const email = `${unique("u")}@example.com`;
    const user = await createUser(t.db, { email, password: "right password", role: "viewer" }, { type: "system" });
    expect((await authenticate(t.db, email, "right password"))?.id).toBe(user.id);
    expect(await authenticate(t.db, email, "wrong password")).toBeNull();
    expect(await authenticate(t.db, `nobody-${email}`, "right password")).toBeNull();
    await t.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await authenticate(t.db, email, "right password")).toBeNull();
  });

  it("creates the bootstrap admin once and never overwrites an account", async () => {
    // Runs on a database other tests may have filled: only assert what this test controls.
    const email = `${unique("admin")}@example.com`;
    const first = await ensureBootstrapAdmin(t.db, email, "admin password");
    const admins = await t.db.user.count({ where: { role: "admin" } });
    expect(admins).toBeGreaterThan(0);
    expect(["created", "exists"]).toContain(first);
    expect(await ensureBootstrapAdmin(t.db, email, "another password")).toBe("exists");
    if (first === "created") expect(await authenticate(t.db, email, "admin password")).not.toBeNull();
    expect(await ensureBootstrapAdmin(t.db, undefined, undefined)).toBe("skipped");
  });
});
