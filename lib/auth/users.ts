// Users: creation (audited), the bootstrap admin, and credential checks.
import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { VigilError } from "@/lib/errors";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { hashPassword, MIN_PASSWORD_LENGTH, timingDummyHash, verifyPassword } from "@/lib/auth/password";

export const newUserSchema = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  password: z.string().min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  role: z.enum(["viewer", "responder", "admin"]),
  name: z.string().max(200).optional(),
});

export type NewUser = z.input<typeof newUserSchema>;
/** A user without the password hash; sessionVersion is what a new session carries (lib/auth/session.ts). */
export type SafeUser = { id: string; email: string; name: string | null; role: Role; sessionVersion: number };

export async function createUser(db: Db, input: NewUser, actor: { type: "system" | "user"; id?: string }): Promise<SafeUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new VigilError("bad_request", parsed.error.issues.map((i) => i.message).join("; "));
  const { email, password, role, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new VigilError("conflict", `a user with email ${email} already exists`);
    }
    const user = await tx.user.create({
      data: { email, name: name ?? null, role, passwordHash },
      select: { id: true, email: true, name: true, role: true, sessionVersion: true },
    });
    await appendAudit(prismaSql(tx), [
      {
        action: "user.created",
        actorType: actor.type,
        actorId: actor.id ?? null,
        targetType: "User",
        targetId: user.id,
        data: { email, role },
      },
    ]);
    return user;
  });
}

/** Creates the first admin from configuration when the database has no admin yet.
 * Never changes an existing account: configuration must not silently reset passwords. */
export async function ensureBootstrapAdmin(
  db: Db,
  email: string | undefined,
  password: string | undefined,
): Promise<"created" | "exists" | "skipped"> {
  if (!email || !password) return "skipped";
  if ((await db.user.count({ where: { role: "admin", disabledAt: null } })) > 0) return "exists";
  if (await db.user.findUnique({ where: { email: email.toLowerCase() } })) return "exists";
  await createUser(db, { email, password, role: "admin", name: "Administrator" }, { type: "system", id: "bootstrap" });
  return "created";
}

export async function authenticate(db: Db, email: string, password: string): Promise<SafeUser | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || user.disabledAt) {
    await verifyPassword(password, await timingDummyHash());
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
