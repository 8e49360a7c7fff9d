// The model's reasoning while it is being written: the answer streams as JSON whose first
// field is "reasoning" (lib/rca/model/answer-schema.ts), so the text after `"reasoning":"`,
// unescaped up to the closing quote or the end received so far, is readable prose early.

const OPENING = /^\s*\{\s*"reasoning"\s*:\s*"/;

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * The reasoning so far, or null when the streamed text is not (yet) an object opening with
 * a "reasoning" string: the reader is shown prose or nothing, never raw JSON. Tolerant of
 * an answer cut anywhere, inside an escape or a surrogate pair included.
 */
export function partialReasoning(streamed: string): string | null {
  const opening = OPENING.exec(streamed);
  if (!opening) return null;
  let out = "";
  let i = opening[0].length;
  while (i < streamed.length) {
    const c = streamed[i]!;
    if (c === '"') break; // the end of the reasoning
    if (c !== "\\") {
      out += c;
      i += 1;
      continue;
    }
    const escape = streamed[i + 1];
    if (escape === "u") {
      const hex = streamed.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break; // cut short, or not JSON
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const plain = escape === undefined ? undefined : ESCAPES[escape];
    if (plain === undefined) break; // a lone backslash at the end so far, or not JSON
    out += plain;
    i += 2;
  }
  // Half of a surrogate pair waits for its other half rather than showing as "�".
  const last = out.charCodeAt(out.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? out.slice(0, -1) : out;
}
