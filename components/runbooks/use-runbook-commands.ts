// The runbook library's commands (server actions), each in a transition; the page's server
// data is refreshed afterwards so the list shows what is stored.
"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { deleteRunbookAction, syncRunbooksAction, uploadRunbookAction, type RunbookOutcome } from "@/app/(console)/runbooks/actions";

const unreachable: RunbookOutcome = { ok: false, message: "Vigil could not be reached: nothing was changed. Try again." };

export function useRunbookCommands() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<RunbookOutcome | null>(null);
  const run = (command: () => Promise<RunbookOutcome>, after?: (result: RunbookOutcome) => void) =>
    startTransition(async () => {
      setOutcome(null);
      const result = await command().catch(() => unreachable);
      startTransition(() => {
        setOutcome(result);
        after?.(result);
        router.refresh();
      });
    });
  return {
    upload: (form: FormData, after?: (result: RunbookOutcome) => void) => run(() => uploadRunbookAction(form), after),
    remove: (id: string) => run(() => deleteRunbookAction(id)),
    sync: () => run(() => syncRunbooksAction()),
    pending,
    outcome,
  };
}
