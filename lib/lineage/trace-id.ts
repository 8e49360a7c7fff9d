// What a person pastes to find a trace: the bare id from the `vigil.dev/trace-id`
// annotation, the annotation as `key=value`, the field manager Vigil writes with
// (`vigil-<id>`), or a W3C `traceparent` header. Pure; safe in the browser.
import { z } from "zod";

const FORMS = [
  /^([0-9a-f]{32})$/,
  /^vigil\.dev\/trace-id[=:]\s*"?([0-9a-f]{32})"?$/,
  /^vigil-([0-9a-f]{32})$/,
  /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/,
];

/** The 32-hex trace id in what was pasted, lowercased; null when there is none (all zeros is invalid). */
export function parseTraceId(input: string): string | null {
  const value = input
    .trim()
    .replace(/^['"]|['"]$/g, "")
    .toLowerCase();
  for (const form of FORMS) {
    const id = form.exec(value)?.[1];
    if (id) return /^0+$/.test(id) ? null : id;
  }
  return null;
}

/** A path segment as received: decoded once more if it still holds escapes, never throwing. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const traceIdSchema = z
  .string()
  .max(300)
  .transform((value, ctx) => {
    const id = parseTraceId(decoded(value));
    if (!id) {
      ctx.addIssue({ code: "custom", message: "a trace id is 32 hexadecimal characters (the vigil.dev/trace-id annotation)" });
      return z.NEVER;
    }
    return id;
  });
