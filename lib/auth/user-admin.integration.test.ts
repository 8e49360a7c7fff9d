// Managing users, on a real database: every change raises the user's session version and is
// audited with what it changed (never a password), only admins may make one, and Vigil always
// keeps an enabled admin. The file's one admin is the last enabled admin unless a test adds one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { authenticate, createUser } from "@/lib/auth/users";
import { VigilError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import {
  addUser,
  changeRole,
  deactivateUser,
  listUsers,
  reactivateUser,
  revokeSessions,
  setPassword,
  type Admin,
} from "@/lib/auth/user-admin";

let t: TestDb;
let admin: Admin & { email: string };
const password = "correct-horse-battery";

const newUser = async (role: Role) => {
  const email = `${unique(role)}@vigil.test`;
  const user = await createUser(t.db, { email, password, role }, { type: "system" });
  return { id: user.id, role: user.role, email };
};
const version = async (id: string) => (await t.db.user.findUniqueOrThrow({ where: { id } })).sessionVersion;
const audits = async (id: string) =>
  (await t.db.auditEvent.findMany({ where: { targetId: id, action: { not: "user.created" } }, orderBy: { seq: "asc" } })).map((e) => [
    e.action,
    e.actorId,
    e.data,
  ]);
const refusal = (code: string, message: string | RegExp) =>
  expect.objectContaining({ name: "VigilError", code, message: typeof message === "string" ? message : expect.stringMatching(message) });

beforeAll(async () => {
  t = await openTestDb();
  admin = await newUser("admin");
});
afterAll(async () => {
  await t?.close();
});

describe("user administration", () => {
  it("raises the session version with each change and audits who changed what, never a password", async () => {
    const user = await newUser("viewer");
    await changeRole(t.db, { userId: user.id, role: "responder" }, admin);
    await deactivateUser(t.db, { userId: user.id }, admin);
    await reactivateUser(t.db, { userId: user.id }, admin);
    await revokeSessions(t.db, { userId: user.id }, admin);
    await setPassword(t.db, { userId: user.id, password: "another long password" }, admin);
    expect(await version(user.id)).toBe(5);

    const events = await audits(user.id);
    const disabledAt = (events[1]![2] as { after: { disabledAt: string } }).after.disabledAt;
    expect(events).toEqual([
      [
        "user.role_changed",
        admin.id,
        { email: user.email, before: { role: "viewer", sessionVersion: 0 }, after: { role: "responder", sessionVersion: 1 } },
      ],
      [
        "user.deactivated",
        admin.id,
        { email: user.email, before: { disabledAt: null, sessionVersion: 1 }, after: { disabledAt, sessionVersion: 2 } },
      ],
      [
        "user.reactivated",
        admin.id,
        { email: user.email, before: { disabledAt, sessionVersion: 2 }, after: { disabledAt: null, sessionVersion: 3 } },
      ],
      [
        "user.sessions_revoked",
        admin.id,
        { email: user.email, reason: "revoked by an admin", before: { sessionVersion: 3 }, after: { sessionVersion: 4 } },
      ],
      ["user.password_changed", admin.id, { email: user.email, before: { sessionVersion: 4 }, after: { sessionVersion: 5 } }],
    ]);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(JSON.stringify(events)).not.toMatch(/another long password|scrypt/);
    expect(stored).toMatchObject({ role: "responder", disabledAt: null });
    expect(await authenticate(t.db, user.email, password)).toBeNull();
    expect(await authenticate(t.db, user.email, "another long password")).toMatchObject({ id: user.id, sessionVersion: 5 });
    expect((await listUsers(t.db)).find((u) => u.id === user.id)).toEqual({
      id: user.id,
      email: user.email,
      name: null,
      role: "responder",
      createdAt: stored.createdAt,
      disabledAt: null,
      lastLoginAt: expect.any(Date),
    });
  });

  it("refuses a change that changes nothing, an unknown user and a short password, and records nothing", async () => {
    const user = await newUser("responder");
    await expect(changeRole(t.db, { userId: user.id, role: "responder" }, admin)).rejects.toEqual(
      refusal("conflict", `${user.email} is already a responder`),
    );
    await expect(reactivateUser(t.db, { userId: user.id }, admin)).rejects.toEqual(refusal("conflict", `${user.email} is not deactivated`));
    await expect(setPassword(t.db, { userId: user.id, password: "short" }, admin)).rejects.toEqual(
      refusal("bad_request", "password must be at least 8 characters"),
    );
    await expect(revokeSessions(t.db, { userId: "no-such-user" }, admin)).rejects.toEqual(refusal("not_found", "no such user"));
    await deactivateUser(t.db, { userId: user.id }, admin);
    await expect(deactivateUser(t.db, { userId: user.id }, admin)).rejects.toEqual(
      refusal("conflict", `${user.email} is already deactivated`),
    );
    expect(await version(user.id)).toBe(1);
    expect((await audits(user.id)).map(([action]) => action)).toEqual(["user.deactivated"]);
  });

  it("lets only admins change users or add them", async () => {
    const user = await newUser("viewer");
    for (const role of ["viewer", "responder"] as const) {
      const actor = await newUser(role);
      const attempts = [
        changeRole(t.db, { userId: user.id, role: "admin" }, actor),
        deactivateUser(t.db, { userId: user.id }, actor),
        reactivateUser(t.db, { userId: user.id }, actor),
        revokeSessions(t.db, { userId: user.id }, actor),
        setPassword(t.db, { userId: user.id, password: "long enough password" }, actor),
        addUser(t.db, { email: `${unique("new")}@vigil.test`, password, role: "admin" }, actor),
      ];
      for (const attempt of await Promise.allSettled(attempts)) {
        expect(attempt).toEqual({ status: "rejected", reason: refusal("forbidden", new RegExp(`needs the admin role; you are ${role}$`)) });
      }
    }
    expect(await version(user.id)).toBe(0);
    expect(await audits(user.id)).toEqual([]);
    const added = await addUser(t.db, { email: `${unique("New")}@Vigil.test`, password, role: "responder" }, admin);
    expect(await t.db.auditEvent.findFirst({ where: { action: "user.created", targetId: added.id } })).toMatchObject({
      actorType: "user",
      actorId: admin.id,
    });
  });

  it("never takes away the last enabled admin", async () => {
    const lastAdmin = /^you are the last enabled admin: make another user an admin first/;
    await expect(changeRole(t.db, { userId: admin.id, role: "responder" }, admin)).rejects.toEqual(refusal("conflict", lastAdmin));
    await expect(deactivateUser(t.db, { userId: admin.id }, admin)).rejects.toEqual(refusal("conflict", lastAdmin));
    // A deactivated admin is no admin to leave in charge.
    const second = await newUser("admin");
    await deactivateUser(t.db, { userId: second.id }, admin);
    await expect(changeRole(t.db, { userId: admin.id, role: "viewer" }, admin)).rejects.toEqual(refusal("conflict", lastAdmin));
    expect(await version(admin.id)).toBe(0);
    expect(await audits(admin.id)).toEqual([]);
    // With another enabled admin, either may step down.
    await reactivateUser(t.db, { userId: second.id }, admin);
    await changeRole(t.db, { userId: second.id, role: "responder" }, admin);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ role: "responder" });
  });

  // Last: it may leave the file's admin deactivated.
  it("lets only one of two admins deactivating each other at once succeed", async () => {
    const other = await newUser("admin");
    const [a, b] = await Promise.allSettled([
      deactivateUser(t.db, { userId: other.id }, admin),
      deactivateUser(t.db, { userId: admin.id }, other),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    const refused = (a.status === "rejected" ? a : b) as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(VigilError);
    expect(refused.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/last enabled admin/) });
    expect(await t.db.user.count({ where: { role: "admin", disabledAt: null } })).toBe(1);
  });
});
