// The Users page's commands (server actions), run through useServerCommand; the page's server
// data is refreshed so the table shows what is stored. Changing one's own account may end
// one's session: the refresh then takes the admin to the sign-in page.
"use client";

import { useCallback } from "react";
import { useRouter } from "next/navigation";
import {
  addUserAction,
  changeRoleAction,
  deactivateUserAction,
  reactivateUserAction,
  revokeSessionsAction,
  setPasswordAction,
  type UserOutcome,
} from "@/app/(console)/admin/users/actions";
import type { Role } from "@/lib/generated/prisma/enums";
import { useServerCommand } from "@/lib/client/server-command";

export function useUserCommands() {
  const router = useRouter();
  const { run, pending, outcome } = useServerCommand<UserOutcome>(useCallback(() => router.refresh(), [router]));
  return {
    add: (input: { email: string; name: string; role: Role; password: string }, after: (o: UserOutcome) => void) =>
      run("add", () => addUserAction({ ...input, name: input.name.trim() || undefined }), after),
    changeRole: (userId: string, role: Role) => run(`role:${userId}`, () => changeRoleAction({ userId, role })),
    deactivate: (userId: string) => run(`deactivate:${userId}`, () => deactivateUserAction({ userId })),
    reactivate: (userId: string) => run(`reactivate:${userId}`, () => reactivateUserAction({ userId })),
    revokeSessions: (userId: string) => run(`revoke:${userId}`, () => revokeSessionsAction({ userId })),
    setPassword: (userId: string, password: string, after: (o: UserOutcome) => void) =>
      run(`password:${userId}`, () => setPasswordAction({ userId, password }), after),
    pending: pending !== null,
    outcome,
  };
}
