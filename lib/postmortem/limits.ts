// The post-mortem's size limit, shared by the editor (its counter) and the server (the check).
export const MAX_POSTMORTEM_BYTES = 100 * 1024;

const encoder = new TextEncoder();

/** UTF-8 bytes: what the limit counts, whatever the characters. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}
