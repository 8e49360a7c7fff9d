// A single-key shortcut for a page ("a" acknowledges the incident): never taken from someone
// typing in a field, nor with Ctrl, ⌘ or Alt held (the browser's and the OS's shortcuts), nor
// when something else already handled the key. A null handler leaves the key alone.
"use client";

import { useEffect, useRef } from "react";
import { isTypingTarget } from "@/lib/client/list-keys";

export function usePageKey(key: string, onPress: (() => void) | null) {
  // The latest handler, read when the key comes: the listener is not re-added on every render.
  const handler = useRef(onPress);
  useEffect(() => {
    handler.current = onPress;
  }, [onPress]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== key || event.defaultPrevented || event.repeat) return;
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (!handler.current) return;
      event.preventDefault();
      handler.current();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [key]);
}
