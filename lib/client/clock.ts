// A shared clock for the console's "5m ago", "expires in …" and similar: one timer per page, and a
// value that changes only once a tick, so components re-render together and stay pure.
"use client";

import { useSyncExternalStore } from "react";

const TICK_MS = 5_000;

function subscribe(onTick: () => void) {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}
const clientNow = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;
// The server cannot know the viewer's clock: null until hydrated.
const serverNow = () => null;

/** Milliseconds since the epoch, rounded to the tick; null while rendering on the server. */
export function useClock(): number | null {
  return useSyncExternalStore(subscribe, clientNow, serverNow);
}
