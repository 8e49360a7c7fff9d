// The incident-command server actions (acknowledge, assign, severity, resolve, close, reopen,
// investigate again, notes), run through useServerCommand: one command at a time, its outcome
// kept for the live region, and what the page shows refetched before the buttons come back —
// the incident when one page holds it, every list otherwise.
"use client";

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import {
  acknowledge,
  addIncidentNote,
  assign,
  changeSeverity,
  close,
  deleteIncidentNote,
  editIncidentNote,
  investigate,
  reopen,
  resolve,
} from "@/app/(console)/incidents/[id]/command-actions";
import type { HumanOutcome } from "@/lib/incidents/human";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { RcaEngine } from "@/lib/investigation/engines";
import { incidentKeys } from "@/lib/client/queries";
import { useServerCommand } from "@/lib/client/server-command";

export type CommandResult = HumanOutcome & { errorId?: string };
type After = (outcome: CommandResult) => void;

export type IncidentCommands = {
  acknowledge: (incidentId: string) => void;
  assign: (incidentId: string, to: string | null, after?: After) => void;
  changeSeverity: (input: { incidentId: string; severity: Severity; reason: string }, after?: After) => void;
  /** confirmFiring: exactly the alerts the first answer named, once the person saw them. */
  resolve: (input: { incidentId: string; reason: string; confirmFiring?: string[] }, after?: After) => void;
  close: (input: { incidentId: string; reason: string }, after?: After) => void;
  reopen: (input: { incidentId: string; reason: string }, after?: After) => void;
  investigate: (input: { incidentId: string; engine?: RcaEngine }) => void;
  addNote: (input: { incidentId: string; body: string }, after?: After) => void;
  editNote: (input: { incidentId: string; noteId: string; body: string }, after?: After) => void;
  deleteNote: (input: { incidentId: string; noteId: string }) => void;
  /** The command running, or null. */
  pending: string | null;
  outcome: CommandResult | null;
  clear: () => void;
};

/** incidentId: the incident the page shows, refetched after each command; null: the lists. */
export function useIncidentCommands(incidentId: string | null): IncidentCommands {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: incidentId ? incidentKeys.detail(incidentId) : [...incidentKeys.all, "list"] }),
    [incidentId, queryClient],
  );
  const { run, pending, outcome, clear } = useServerCommand<CommandResult>(refresh);
  return {
    acknowledge: (id) => run("acknowledge", () => acknowledge({ incidentId: id })),
    assign: (id, to, after) => run("assign", () => assign({ incidentId: id, to }), after),
    changeSeverity: (input, after) => run("severity", () => changeSeverity(input), after),
    resolve: (input, after) => run("resolve", () => resolve(input), after),
    close: (input, after) => run("close", () => close(input), after),
    reopen: (input, after) => run("reopen", () => reopen(input), after),
    investigate: (input) => run("investigate", () => investigate(input)),
    addNote: (input, after) => run("addNote", () => addIncidentNote(input), after),
    editNote: (input, after) => run("editNote", () => editIncidentNote(input), after),
    deleteNote: (input) => run("deleteNote", () => deleteIncidentNote(input)),
    pending,
    outcome,
    clear,
  };
}
