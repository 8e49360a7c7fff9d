// The action card's commands: the console's remediation server actions (approve, reject,
// roll back, preview again), run through useServerCommand, the incident refetched before
// the transition ends.
"use client";

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { approve, refreshPreview, reject, rollBack, type ActionOutcome } from "@/app/(console)/incidents/[id]/actions";
import { incidentKeys } from "@/lib/client/queries";
import { useServerCommand } from "@/lib/client/server-command";

export type { ActionOutcome };

export type ActionCommands = {
  approve: (input: { actionId: string; previewHash: string; comment?: string }) => void;
  reject: (input: { actionId: string; comment?: string }) => void;
  rollBack: (input: { actionId: string }) => void;
  refreshPreview: (input: { actionId: string }) => void;
  pending: boolean;
  outcome: ActionOutcome | null;
};

export function useActionCommands(incidentId: string): ActionCommands {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) }),
    [incidentId, queryClient],
  );
  const { run, pending, outcome } = useServerCommand<ActionOutcome>(refresh);
  return {
    approve: (input) => run("approve", () => approve(input)),
    reject: (input) => run("reject", () => reject(input)),
    rollBack: (input) => run("rollBack", () => rollBack(input)),
    refreshPreview: (input) => run("refreshPreview", () => refreshPreview(input)),
    pending: pending !== null,
    outcome,
  };
}
