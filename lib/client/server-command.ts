// The one client hook for the console's server actions: runs a command in a transition (its
// pending state disables the buttons), refreshes what the page shows before the transition
// ends (so buttons never come back enabled over a stale state), and keeps the outcome for
// the page's live region. A request that never reached Vigil is an outcome too.
"use client";

import { useCallback, useState, useTransition } from "react";

export type CommandOutcome = { ok: boolean; message: string; code?: string; errorId?: string };

export type ServerCommand<O extends CommandOutcome> = {
  /** Runs `command` as `name`; `after` sees the outcome before the page is refreshed. */
  run: (name: string, command: () => Promise<O>, after?: (outcome: O) => void) => void;
  /** The name of the command running, or null. */
  pending: string | null;
  outcome: O | null;
  clear: () => void;
};

export function useServerCommand<O extends CommandOutcome>(
  refresh: () => Promise<unknown> | void,
  unreachable = "Vigil could not be reached: nothing was changed. Try again.",
): ServerCommand<O> {
  const [isPending, startTransition] = useTransition();
  const [running, setRunning] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<O | null>(null);
  const run = useCallback(
    (name: string, command: () => Promise<O>, after?: (outcome: O) => void) =>
      startTransition(async () => {
        setRunning(name);
        setOutcome(null);
        // The request itself failed (network, a new deployment of Vigil): nothing was decided.
        const result = await command().catch(() => ({ ok: false, code: "unreachable", message: unreachable }) as O);
        after?.(result);
        await refresh();
        startTransition(() => {
          setOutcome(result);
          setRunning(null);
        });
      }),
    [refresh, unreachable],
  );
  return { run, pending: isPending ? (running ?? "command") : null, outcome, clear: useCallback(() => setOutcome(null), []) };
}
