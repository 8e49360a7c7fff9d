// The runbook library's commands (server actions), run through useServerCommand; the page's
// server data is refreshed afterwards so the list shows what is stored.
"use client";

import { useCallback } from "react";
import { useRouter } from "next/navigation";
import { deleteRunbookAction, syncRunbooksAction, uploadRunbookAction, type RunbookOutcome } from "@/app/(console)/runbooks/actions";
import { useServerCommand } from "@/lib/client/server-command";

export function useRunbookCommands() {
  const router = useRouter();
  const { run, pending, outcome } = useServerCommand<RunbookOutcome>(useCallback(() => router.refresh(), [router]));
  return {
    upload: (form: FormData, after?: (result: RunbookOutcome) => void) => run("upload", () => uploadRunbookAction(form), after),
    remove: (id: string) => run("remove", () => deleteRunbookAction(id)),
    sync: () => run("sync", () => syncRunbooksAction()),
    pending: pending !== null,
    outcome,
  };
}
