// Wires the incident list's keys (lib/client/list-keys.ts) to the page: real DOM focus moves
// from row link to row link, so a screen reader announces each incident as a link, and the
// focus ring shows where one is. Rows are found by `data-list-row` inside the list element;
// "a" hands the focused row's `data-incident-id` to `onAcknowledge`, when there is one.
"use client";

import { useEffect, useRef, type RefObject } from "react";
import { isTypingTarget, listKeyCommand } from "@/lib/client/list-keys";

export function useListKeyboard(
  list: RefObject<HTMLElement | null>,
  search: RefObject<HTMLInputElement | null>,
  onAcknowledge?: (incidentId: string) => void,
) {
  // The latest handler, read when a key comes: the listener is not re-added on every render.
  const acknowledge = useRef(onAcknowledge);
  useEffect(() => {
    acknowledge.current = onAcknowledge;
  }, [onAcknowledge]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !list.current) return;
      const rows = [...list.current.querySelectorAll<HTMLElement>("[data-list-row]")];
      const active = document.activeElement;
      const current = rows.findIndex((row) => active instanceof Node && row.contains(active));
      const command = listKeyCommand({
        key: event.key,
        modified: event.ctrlKey || event.metaKey || event.altKey,
        typing: isTypingTarget(event.target),
        current: current === -1 ? null : current,
        count: rows.length,
        canAcknowledge: acknowledge.current !== undefined,
      });
      if (!command) return;
      event.preventDefault();
      if (command.type === "search") {
        search.current?.focus();
        search.current?.select();
        return;
      }
      if (command.type === "acknowledge") {
        const id = rows[command.index]?.dataset.incidentId;
        if (id) acknowledge.current?.(id);
        return;
      }
      const link = rows[command.index]?.querySelector<HTMLAnchorElement>("a[href]");
      if (command.type === "open") link?.click();
      else link?.focus();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [list, search]);
}
