// The sources page's commands: create and revoke an API key (server actions), run through
// useServerCommand; the page's server data is refreshed so the list shows what is stored.
"use client";

import { useCallback } from "react";
import { useRouter } from "next/navigation";
import { createApiKeyAction, revokeApiKeyAction, type KeyOutcome } from "@/app/(console)/sources/actions";
import type { CreateApiKeyInput } from "@/lib/ingest/schemas";
import { useServerCommand } from "@/lib/client/server-command";

export function useApiKeyCommands() {
  const router = useRouter();
  const { run, pending, outcome, clear } = useServerCommand<KeyOutcome>(useCallback(() => router.refresh(), [router]));
  return {
    create: (name: string, scopes: string[]) =>
      run("create", () => createApiKeyAction({ name, scopes: scopes as CreateApiKeyInput["scopes"] })),
    revoke: (id: string) => run("revoke", () => revokeApiKeyAction(id)),
    dismissSecret: clear,
    pending: pending !== null,
    outcome,
  };
}
