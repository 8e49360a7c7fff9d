// The incident list's keyboard: j/k (or ↓/↑ inside the list) move focus through the rows,
// Home/End jump, Enter opens, "a" acknowledges the focused row (responders), "/" goes to the
// search box. Pure, so it is tested without a DOM.

export type ListKeyInput = {
  key: string;
  /** Ctrl, Meta or Alt held: a browser or OS shortcut, never ours. */
  modified: boolean;
  /** The key went to a text field or a select: it is typing, never ours. */
  typing: boolean;
  /** The row holding focus, or null when focus is elsewhere on the page. */
  current: number | null;
  count: number;
  /** The person may acknowledge incidents (a responder or an admin). */
  canAcknowledge?: boolean;
};

export type ListCommand =
  { type: "focus"; index: number } | { type: "open"; index: number } | { type: "acknowledge"; index: number } | { type: "search" } | null;

export function listKeyCommand({ key, modified, typing, current, count, canAcknowledge = false }: ListKeyInput): ListCommand {
  if (modified || typing) return null;
  if (key === "/") return { type: "search" };
  if (count === 0) return null;
  const inList = current !== null;
  const last = count - 1;
  switch (key) {
    case "j":
      return { type: "focus", index: inList ? Math.min(current + 1, last) : 0 };
    case "k":
      return { type: "focus", index: inList ? Math.max(current - 1, 0) : 0 };
    // Arrows and Home/End scroll the page unless the list has focus.
    case "ArrowDown":
      return inList ? { type: "focus", index: Math.min(current + 1, last) } : null;
    case "ArrowUp":
      return inList ? { type: "focus", index: Math.max(current - 1, 0) } : null;
    case "Home":
      return inList ? { type: "focus", index: 0 } : null;
    case "End":
      return inList ? { type: "focus", index: last } : null;
    case "Enter":
      return inList ? { type: "open", index: current } : null;
    // Only the row one has moved to: never an incident nobody pointed at.
    case "a":
      return inList && canAcknowledge ? { type: "acknowledge", index: current } : null;
    default:
      return null;
  }
}

/** Whether a key pressed on this element is typing: text inputs, text areas, selects, editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file", "image"].includes(target.type);
}
