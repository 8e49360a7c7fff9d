// The action card's commands: the console's remediation server actions (approve, reject,
// roll back, preview again), each run in a transition whose pending state the card shows,
// its outcome kept for the card's live region, and the incident refetched before the
// transition ends, so the buttons never come back enabled over a stale state.
"use client";

import { useCallback, useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { approve, refreshPreview, reject, rollBack, type ActionOutcome } from "@/app/(console)/incidents/[id]/actions";
import { incidentKeys } from "@/lib/client/queries";

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
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);

  const run = useCallback(
    <I>(command: (input: I) => Promise<ActionOutcome>) =>
      (input: I) =>
        startTransition(async () => {
          setOutcome(null);
          const result = await command(input).catch(
            // The request itself failed (network, a new deployment of Vigil): nothing was decided.
            (): ActionOutcome => ({ ok: false, message: "Vigil could not be reached: nothing was changed. Try again." }),
          );
          await queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) });
          startTransition(() => setOutcome(result));
        }),
    [incidentId, queryClient],
  );

  return {
    approve: run(approve),
    reject: run(reject),
    rollBack: run(rollBack),
    refreshPreview: run(refreshPreview),
    pending,
    outcome,
  };
}
