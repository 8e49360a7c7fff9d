// The post-mortem's commands: draft and save (server actions), each in a transition whose
// pending state the section shows, its outcome kept for the live region, and the incident
// refetched so the section and its provenance line agree with what is stored.
"use client";

import { useCallback, useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { draftPostmortemAction, savePostmortemAction, type PostmortemOutcome } from "@/app/(console)/incidents/[id]/postmortem-actions";
import { incidentKeys } from "@/lib/client/queries";

export type { PostmortemOutcome };

export type PostmortemCommands = {
  draft: (replace: boolean) => void;
  save: (markdown: string, baseUpdatedAt: string | null) => void;
  pending: "draft" | "save" | null;
  outcome: PostmortemOutcome | null;
};

export function usePostmortemCommands(incidentId: string, onStored: (outcome: PostmortemOutcome) => void): PostmortemCommands {
  const queryClient = useQueryClient();
  const [isPending, startTransition] = useTransition();
  const [running, setRunning] = useState<"draft" | "save" | null>(null);
  const [outcome, setOutcome] = useState<PostmortemOutcome | null>(null);

  const run = useCallback(
    (which: "draft" | "save", command: () => Promise<PostmortemOutcome>) =>
      startTransition(async () => {
        setRunning(which);
        setOutcome(null);
        const result = await command().catch(
          // The request itself failed (network, a new deployment of Vigil): nothing was stored.
          (): PostmortemOutcome => ({ ok: false, code: "error", message: "Vigil could not be reached: nothing was stored. Try again." }),
        );
        if (result.ok) onStored(result);
        await queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) });
        startTransition(() => {
          setOutcome(result);
          setRunning(null);
        });
      }),
    [incidentId, onStored, queryClient],
  );

  return {
    draft: (replace) => run("draft", () => draftPostmortemAction({ incidentId, replace })),
    save: (markdown, baseUpdatedAt) => run("save", () => savePostmortemAction({ incidentId, markdown, baseUpdatedAt })),
    pending: isPending ? (running ?? "save") : null,
    outcome,
  };
}
