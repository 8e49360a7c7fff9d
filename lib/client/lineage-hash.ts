// Deep links into a lineage: `#<node-id>` opens that node, brings it into view and moves
// focus there — on load and whenever the fragment changes.
"use client";

import { useEffect, useSyncExternalStore } from "react";

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The node id in the URL fragment; null on the server and without one. */
export function useLineageHash(): string | null {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => "",
  );
  return hash.length > 1 ? decodeURIComponent(hash.slice(1)) : null;
}

/** Scrolls to and focuses the element with this id, once it is rendered. */
export function useRevealOnHash(id: string | null, ready: boolean): void {
  useEffect(() => {
    if (!id || !ready) return;
    const element = document.getElementById(id);
    if (!element) return;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "start" });
    element.focus({ preventScroll: true });
  }, [id, ready]);
}
