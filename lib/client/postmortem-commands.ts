// The post-mortem's commands: draft and save (server actions), run through useServerCommand,
// the incident refetched so the section and its provenance line agree with what is stored.
"use client";

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { draftPostmortemAction, savePostmortemAction, type PostmortemOutcome } from "@/app/(console)/incidents/[id]/postmortem-actions";
import { incidentKeys } from "@/lib/client/queries";
import { useServerCommand } from "@/lib/client/server-command";

export type { PostmortemOutcome };

export type PostmortemCommands = {
  draft: (replace: boolean) => void;
  save: (markdown: string, baseUpdatedAt: string | null) => void;
  pending: "draft" | "save" | null;
  outcome: PostmortemOutcome | null;
};

export function usePostmortemCommands(incidentId: string, onStored: (outcome: PostmortemOutcome) => void): PostmortemCommands {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) }),
    [incidentId, queryClient],
  );
  const { run, pending, outcome } = useServerCommand<PostmortemOutcome>(
    refresh,
    "Vigil could not be reached: nothing was stored. Try again.",
  );
  const stored = (result: PostmortemOutcome) => result.ok && onStored(result);
  return {
    draft: (replace) => run("draft", () => draftPostmortemAction({ incidentId, replace }), stored),
    save: (markdown, baseUpdatedAt) => run("save", () => savePostmortemAction({ incidentId, markdown, baseUpdatedAt }), stored),
    pending: pending === "draft" || pending === "save" ? pending : pending ? "save" : null,
    outcome,
  };
}
