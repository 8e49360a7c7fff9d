// Changes to a user that end their sessions: a role change, deactivation, reactivation, a new
// password, "revoke sessions", and signing out. Each raises the user's session version (lib/
// auth/session.ts refuses any session signed with an older one) and is audited in the same
// transaction, with the user's email and what changed, never a password or its hash. Only
// admins may change users (checked here, whoever calls), and no change may leave Vigil
// without an enabled admin: nobody could manage users then.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { AuditAction } from "@/lib/audit/actions";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { hasRole } from "@/lib/auth/roles";
import { VigilError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { createUser, newUserSchema, type NewUser, type SafeUser } from "@/lib/auth/users";

export type Admin = { id: string; role: Role };

export type UserView = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
};

const VIEW = { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true, lastLoginAt: true } as const;

// Changes to users take turns: two admins demoting each other at the same moment would
// otherwise both see another admin left. (The audit chain's appenders hold 7161616001.)
const USERS_LOCK = "SELECT pg_advisory_xact_lock(7161616003)";

function requireAdmin(actor: Admin, what: string): void {
  if (!hasRole(actor.role, "admin")) throw new VigilError("forbidden", `${what} needs the admin role; you are ${actor.role}`);
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return db.user.findMany({ select: VIEW, orderBy: { email: "asc" }, take: 1000 });
}

/** Creates a user, for an admin (createUser itself also serves the bootstrap). */
export async function addUser(db: Db, input: NewUser, actor: Admin): Promise<SafeUser> {
  requireAdmin(actor, "creating users");
  return createUser(db, input, { type: "user", id: actor.id });
}

type Target = UserView & { sessionVersion: number };
/** What a change does, and the fields it changes as they were and will be (the session version is added). */
type Change = { action: AuditAction; update: Prisma.UserUpdateInput; before?: object; after?: object; reason?: string };

/** Refuses to take away the last enabled admin: a role change or deactivation of `user`. */
async function keepAnAdmin(tx: Tx, user: Target, actor: Admin): Promise<void> {
  if (user.role !== "admin" || user.disabledAt) return;
  if ((await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: user.id } } })) > 0) return;
  const who = user.id === actor.id ? "you are" : `${user.email} is`;
  throw new VigilError("conflict", `${who} the last enabled admin: make another user an admin first, or nobody could manage users`);
}

/** Applies `plan`'s change to the user, raises their session version and audits it, in one transaction. */
async function changeUser(db: Db, userId: string, actor: Admin, plan: (user: Target, tx: Tx) => Promise<Change>): Promise<UserView> {
  return db.$transaction(async (tx) => {
    await prismaSql(tx).run(USERS_LOCK);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { ...VIEW, sessionVersion: true } });
    if (!user) throw new VigilError("not_found", "no such user");
    const change = await plan(user, tx);
    const { sessionVersion, ...updated } = await tx.user.update({
      where: { id: user.id },
      data: { ...change.update, sessionVersion: { increment: 1 } },
      select: { ...VIEW, sessionVersion: true },
    });
    await appendAudit(prismaSql(tx), [
      {
        action: change.action,
        actorType: "user",
        actorId: actor.id,
        targetType: "User",
        targetId: user.id,
        data: {
          email: user.email,
          ...(change.reason ? { reason: change.reason } : {}),
          before: { ...change.before, sessionVersion: user.sessionVersion },
          after: { ...change.after, sessionVersion },
        },
      },
    ]);
    return updated;
  });
}

export async function changeRole(db: Db, input: { userId: string; role: Role }, actor: Admin): Promise<UserView> {
  requireAdmin(actor, "changing a role");
  return changeUser(db, input.userId, actor, async (user, tx) => {
    if (user.role === input.role) throw new VigilError("conflict", `${user.email} is already a ${input.role}`);
    if (input.role !== "admin") await keepAnAdmin(tx, user, actor);
    return { action: "user.role_changed", update: { role: input.role }, before: { role: user.role }, after: { role: input.role } };
  });
}

export async function deactivateUser(db: Db, input: { userId: string }, actor: Admin): Promise<UserView> {
  requireAdmin(actor, "deactivating a user");
  return changeUser(db, input.userId, actor, async (user, tx) => {
    if (user.disabledAt) throw new VigilError("conflict", `${user.email} is already deactivated`);
    await keepAnAdmin(tx, user, actor);
    const now = new Date();
    return {
      action: "user.deactivated",
      update: { disabledAt: now },
      before: { disabledAt: null },
      after: { disabledAt: now.toISOString() },
    };
  });
}

export async function reactivateUser(db: Db, input: { userId: string }, actor: Admin): Promise<UserView> {
  requireAdmin(actor, "reactivating a user");
  return changeUser(db, input.userId, actor, async (user) => {
    if (!user.disabledAt) throw new VigilError("conflict", `${user.email} is not deactivated`);
    return {
      action: "user.reactivated",
      update: { disabledAt: null },
      before: { disabledAt: user.disabledAt.toISOString() },
      after: { disabledAt: null },
    };
  });
}

export async function revokeSessions(db: Db, input: { userId: string }, actor: Admin): Promise<UserView> {
  requireAdmin(actor, "revoking sessions");
  return changeUser(db, input.userId, actor, async () => ({ action: "user.sessions_revoked", update: {}, reason: "revoked by an admin" }));
}

export async function setPassword(db: Db, input: { userId: string; password: string }, actor: Admin): Promise<UserView> {
  requireAdmin(actor, "setting a password");
  const parsed = newUserSchema.shape.password.safeParse(input.password);
  if (!parsed.success) throw new VigilError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
  // scrypt takes a while: before the transaction and its lock, not inside them.
  const passwordHash = await hashPassword(parsed.data);
  return changeUser(db, input.userId, actor, async () => ({ action: "user.password_changed", update: { passwordHash } }));
}

/**
 * Sign-out (next-auth's signOut event): ends every session of the user, as long as the one
 * signing out is still current. A session already ended cannot end its user's newer ones.
 * Resolves to whether it ended any.
 */
export async function endSessionsAtSignOut(db: Db, session: { userId: string; version: number }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { userId, version } = session;
    const { count } = await tx.user.updateMany({
      where: { id: userId, sessionVersion: version },
      data: { sessionVersion: { increment: 1 } },
    });
    if (count === 0) return false;
    const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    await appendAudit(prismaSql(tx), [
      {
        action: "user.sessions_revoked",
        actorType: "user",
        actorId: userId,
        targetType: "User",
        targetId: userId,
        data: { email, reason: "signed out", before: { sessionVersion: version }, after: { sessionVersion: version + 1 } },
      },
    ]);
    return true;
  });
}
