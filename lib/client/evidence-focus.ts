// Bringing a cited evidence item into view: scroll to it, move keyboard focus there and
// flash it, so a reader following a citation sees where they landed.
"use client";

import { useCallback, useEffect, useState } from "react";

export const evidenceElementId = (ref: string) => `evidence-${ref}`;

const FLASH_MS = 1_800;

/** `reveal(ref)` asks for an item; the effect runs after the render that shows it, so a
 * caller may first clear a filter that hid it. Asking twice for the same item flashes twice. */
export function useEvidenceFocus(): (ref: string) => void {
  const [target, setTarget] = useState<{ ref: string; seq: number } | null>(null);

  useEffect(() => {
    if (!target) return;
    const element = document.getElementById(evidenceElementId(target.ref));
    if (!element) return;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "start" });
    element.focus({ preventScroll: true });
    // A data attribute rather than a class: React never rewrites it on the next poll.
    delete element.dataset.flash;
    void element.offsetWidth; // restart the animation when the same item is asked for again
    element.dataset.flash = "true";
    const timer = setTimeout(() => delete element.dataset.flash, FLASH_MS);
    return () => {
      clearTimeout(timer);
      delete element.dataset.flash;
    };
  }, [target]);

  return useCallback((ref: string) => setTarget((t) => ({ ref, seq: (t?.seq ?? 0) + 1 })), []);
}
