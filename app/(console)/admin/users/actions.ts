"use server";
// The Users page's server actions, for admins: add a user, change a role, deactivate,
// reactivate, revoke sessions, set a password. serverAction checks the session and the role
// (a server action is a public endpoint); the domain functions check the role again.
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { serverAction } from "@/lib/auth/server-action";
import type { SessionUser } from "@/lib/auth/session";
import { newUserSchema } from "@/lib/auth/users";
import { addUser, changeRole, deactivateUser, reactivateUser, revokeSessions, setPassword, type UserView } from "@/lib/auth/user-admin";
import { describeIssues } from "@/lib/validation";

export type UserOutcome = { ok: true; message: string } | { ok: false; message: string; code?: string; errorId?: string };

const target = z.object({ userId: z.string().min(1).max(64) });

/** What happened, and that the user's sessions ended (an admin's own included). */
function done(what: string, user: UserView, admin: SessionUser): UserOutcome {
  revalidatePath("/admin/users");
  const ended = user.id === admin.id ? "Your own sessions ended: sign in again." : "Their sessions have ended.";
  return { ok: true, message: `${what} ${ended}` };
}

export const addUserAction = serverAction(
  // What a person typed: the issues in their own terms, not "reload the page".
  {
    what: "add users",
    role: "admin",
    input: newUserSchema,
    invalid: (error) => ({ ok: false, code: "malformed", message: describeIssues(error) }),
  },
  async (input, admin): Promise<UserOutcome> => {
    const user = await addUser(getDb(), input, admin);
    revalidatePath("/admin/users");
    return { ok: true, message: `Added ${user.email} as a ${user.role}.` };
  },
);

export const changeRoleAction = serverAction(
  { what: "change roles", role: "admin", input: target.extend({ role: newUserSchema.shape.role }) },
  async (input, admin): Promise<UserOutcome> => {
    const user = await changeRole(getDb(), input, admin);
    return done(`${user.email} is now a ${user.role}.`, user, admin);
  },
);

export const deactivateUserAction = serverAction(
  { what: "deactivate users", role: "admin", input: target },
  async (input, admin): Promise<UserOutcome> => {
    const user = await deactivateUser(getDb(), input, admin);
    return done(`Deactivated ${user.email}: they can no longer sign in.`, user, admin);
  },
);

export const reactivateUserAction = serverAction(
  { what: "reactivate users", role: "admin", input: target },
  async (input, admin): Promise<UserOutcome> => {
    const user = await reactivateUser(getDb(), input, admin);
    revalidatePath("/admin/users");
    return { ok: true, message: `Reactivated ${user.email}: they can sign in again.` };
  },
);

export const revokeSessionsAction = serverAction(
  { what: "revoke sessions", role: "admin", input: target },
  async (input, admin): Promise<UserOutcome> => {
    const user = await revokeSessions(getDb(), input, admin);
    return done(`Signed ${user.email} out everywhere.`, user, admin);
  },
);

export const setPasswordAction = serverAction(
  {
    what: "set passwords",
    role: "admin",
    input: target.extend({ password: newUserSchema.shape.password }),
    invalid: (error) => ({ ok: false, code: "malformed", message: describeIssues(error) }),
  },
  async (input, admin): Promise<UserOutcome> => {
    const user = await setPassword(getDb(), input, admin);
    return done(`Set a new password for ${user.email}.`, user, admin);
  },
);
