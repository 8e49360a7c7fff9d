// The sources page's commands: create and revoke an API key (server actions), each in a
// transition; the page's server data is refreshed afterwards so the list shows what is stored.
"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { createApiKeyAction, revokeApiKeyAction, type KeyOutcome } from "@/app/(console)/sources/actions";

const unreachable: KeyOutcome = { ok: false, message: "Vigil could not be reached: nothing was changed. Try again." };

export function useApiKeyCommands() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<KeyOutcome | null>(null);
  const run = (command: () => Promise<KeyOutcome>) =>
    startTransition(async () => {
      setOutcome(null);
      const result = await command().catch(() => unreachable);
      startTransition(() => {
        setOutcome(result);
        router.refresh();
      });
    });
  return {
    create: (name: string, scopes: string[]) => run(() => createApiKeyAction({ name, scopes })),
    revoke: (id: string) => run(() => revokeApiKeyAction(id)),
    dismissSecret: () => setOutcome(null),
    pending,
    outcome,
  };
}
