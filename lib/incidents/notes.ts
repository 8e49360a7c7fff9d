// The rules for notes on an incident's timeline that the browser must know too: how long a
// note's author may still change it, and how long one may be. lib/incidents/human.ts enforces
// them; the console uses them to offer Edit and Delete only while they would be accepted.

/** How long a note's author may still edit or delete it. */
export const NOTE_EDIT_WINDOW_MS = 15 * 60_000;
export const NOTE_MAX_CHARS = 10_000;

/** Whether `email` may still change the note at `nowMs`: its author, within the window. Null
 * clock (the server's render): not yet, so the buttons never flash in and out. */
export function noteChangeable(note: { createdAt: string; author: { email: string } }, email: string, nowMs: number | null): boolean {
  if (nowMs === null || note.author.email !== email) return false;
  return nowMs - new Date(note.createdAt).getTime() <= NOTE_EDIT_WINDOW_MS;
}
