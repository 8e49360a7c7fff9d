// Wires the incident list's keys (lib/client/list-keys.ts) to the page: real DOM focus moves
// from row link to row link, so a screen reader announces each incident as a link, and the
// focus ring shows where one is. Rows are found by `data-list-row` inside the list element.
"use client";

import { useEffect, type RefObject } from "react";
import { isTypingTarget, listKeyCommand } from "@/lib/client/list-keys";

export function useListKeyboard(list: RefObject<HTMLElement | null>, search: RefObject<HTMLInputElement | null>) {
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
      });
      if (!command) return;
      event.preventDefault();
      if (command.type === "search") {
        search.current?.focus();
        search.current?.select();
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
