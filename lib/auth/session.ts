// Who is asking. The session cookie says who signed in; the database says whether that
// user still exists, is enabled, and which role they hold now — so disabling a user or
// lowering their role takes effect on their next request, not when their session expires.
// The cookie is honoured only while it carries the user's current session version: signing
// out, a revoke, a password or role change and deactivation raise it (lib/auth/user-admin.ts),
// so a copy of the cookie ends with them. A cookie without a version is refused.
import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { getDb } from "@/lib/db/client";
import { VigilError } from "@/lib/errors";
import { hasRole } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";

export type SessionUser = { id: string; email: string; name: string | null; role: Role };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  const version = session?.user?.sv;
  if (!id || typeof version !== "number") return null;
  const user = await getDb().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionVersion: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== version) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function requireUser(role: Role = "viewer"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new VigilError("unauthorized", "sign in first");
  if (!hasRole(user.role, role)) throw new VigilError("forbidden", `this needs the ${role} role; you are ${user.role}`);
  return user;
}
