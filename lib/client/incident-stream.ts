// The incident page's live investigation: one EventSource on the incident's stream, its
// events folded into state, and the stored incident refetched when a run starts, stores
// its evidence or concludes.
"use client";

import { useEffect, useReducer } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { StreamEventKind } from "@/lib/stream/types";
import { incidentStreamUrl } from "@/lib/client/api";
import { incidentKeys } from "@/lib/client/queries";
import {
  initialStreamState,
  parseStreamEvent,
  reduceStream,
  streamEventKinds,
  type AnyStreamEvent,
  type StreamState,
} from "@/lib/client/stream-state";

/** Events after which the stored incident has changed: a new run (its facts, no actions
 * yet), its evidence, its conclusion (RCA, actions, state) or its failure, or what a person did. */
const REFRESH_ON: ReadonlySet<StreamEventKind> = new Set([
  "run.started",
  "evidence",
  "rca",
  "run.finished",
  "run.failed",
  "incident.changed",
]);
/** A replay (a new page, a reconnect) brings many such events at once: one refetch covers them. */
const REFRESH_DELAY_MS = 100;

type Held = { incidentId: string; state: StreamState };

// State belongs to one incident: the first event of another starts from scratch.
function reduceHeld(held: Held, action: { incidentId: string; event: AnyStreamEvent }): Held {
  const state = held.incidentId === action.incidentId ? held.state : initialStreamState;
  return { incidentId: action.incidentId, state: reduceStream(state, action.event) };
}

/**
 * Follows the incident's investigations live. EventSource reconnects by itself and sends
 * Last-Event-ID, so the server resumes where it left off; a new page replays the stream
 * from the start, which the state is built from (repeats are ignored by seq).
 */
export function useIncidentStream(incidentId: string): StreamState {
  const queryClient = useQueryClient();
  const [held, dispatch] = useReducer(reduceHeld, { incidentId, state: initialStreamState });

  useEffect(() => {
    const source = new EventSource(incidentStreamUrl(incidentId));
    // Set on the first event that changes the stored incident; the refetch it schedules
    // starts after the events that follow within the delay, so it covers them too.
    let refresh: ReturnType<typeof setTimeout> | null = null;
    const onEvent = (message: MessageEvent<string>) => {
      const event = parseStreamEvent(message.data);
      if (!event) return;
      dispatch({ incidentId, event });
      if (!REFRESH_ON.has(event.kind) || refresh) return;
      refresh = setTimeout(() => {
        refresh = null;
        void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) });
      }, REFRESH_DELAY_MS);
    };
    for (const kind of streamEventKinds) source.addEventListener(kind, onEvent);
    return () => {
      source.close();
      if (refresh) clearTimeout(refresh);
    };
  }, [incidentId, queryClient]);

  return held.incidentId === incidentId ? held.state : initialStreamState;
}
