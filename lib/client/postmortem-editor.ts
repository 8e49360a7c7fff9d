// The post-mortem editor's state, apart from React so it can be tested: the text being
// edited, the stored version it started from, and what to do when the stored version moves
// on (a refetch, someone else's save): follow it while there are no unsaved edits, else keep
// the edits and say that saving will be refused.
import { byteLength, MAX_POSTMORTEM_BYTES } from "@/lib/postmortem/limits";

export type StoredPostmortem = { markdown: string | null; updatedAt: string | null };

export type EditorState = {
  text: string;
  /** The stored text the edits started from. */
  base: string;
  baseUpdatedAt: string | null;
  /** A newer version was stored while there were unsaved edits. */
  staleBase: boolean;
};

export function initEditor(stored: StoredPostmortem): EditorState {
  return { text: stored.markdown ?? "", base: stored.markdown ?? "", baseUpdatedAt: stored.updatedAt, staleBase: false };
}

export const isDirty = (s: EditorState) => s.text !== s.base;

const newer = (a: string | null, b: string | null) => a !== null && (b === null || Date.parse(a) > Date.parse(b));

/** The stored version as the server reports it now. */
export function withStored(s: EditorState, stored: StoredPostmortem): EditorState {
  if (!newer(stored.updatedAt, s.baseUpdatedAt)) return s;
  if (!isDirty(s)) return initEditor(stored);
  return s.staleBase ? s : { ...s, staleBase: true };
}

export const edit = (s: EditorState, text: string): EditorState => ({ ...s, text });

/** After this editor's own draft or save: the stored text is what it sent or received. */
export const stored = (_s: EditorState, saved: { markdown: string; updatedAt: string }): EditorState => initEditor(saved);

export type SizeInfo = { bytes: number; over: boolean; text: string };

export function sizeOf(text: string): SizeInfo {
  const bytes = byteLength(text);
  const kb = (n: number) => (n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KB`);
  return { bytes, over: bytes > MAX_POSTMORTEM_BYTES, text: `${kb(bytes)} of ${MAX_POSTMORTEM_BYTES / 1024} KB` };
}

/** How the draft that is shown was made, in words. */
export function engineText(engine: string | null, model: string | null): string {
  if (engine === "model") return `Drafted with the model${model ? ` ${model}` : ""} (narrative only; the facts come from Vigil's records)`;
  if (engine === "template") return "Drafted by the template engine from Vigil's records";
  return "Written by hand";
}

/** GET /api/incidents/[id]/postmortem.md: the stored post-mortem as a download. */
export function postmortemDownloadUrl(incidentId: string): string {
  return `/api/incidents/${encodeURIComponent(incidentId)}/postmortem.md`;
}
