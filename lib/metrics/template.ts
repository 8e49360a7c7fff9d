// Parses signal-catalog PromQL templates once, so rendering (catalog.ts) and recognising a
// rendered query (fake-prometheus.ts) agree on where placeholders sit and how they are escaped.
import type { SignalTarget } from "@/lib/metrics/port";

export const placeholders = ["namespace", "deployment", "pod", "container", "node"] as const satisfies readonly (keyof SignalTarget)[];
export type Placeholder = (typeof placeholders)[number];

/** A template is literal PromQL text with slots; a slot inside a `=~`/`!~` string is a regex. */
export type TemplatePart = { text: string } | { slot: Placeholder; regex: boolean };

const SLOT = /^\{\{\s*([a-zA-Z_]+)\s*\}\}/;

function isPlaceholder(name: string): name is Placeholder {
  return (placeholders as readonly string[]).includes(name);
}

/** The placeholder at `i` ({{name}}), or an error naming what is there. */
function slotAt(template: string, i: number): { name: Placeholder; length: number } {
  const m = SLOT.exec(template.slice(i));
  if (!m || !isPlaceholder(m[1]!)) {
    const shown = m?.[0] ?? template.slice(i, i + 16);
    throw new Error(`unknown placeholder ${shown} (known: ${placeholders.map((p) => `{{${p}}}`).join(", ")})`);
  }
  return { name: m[1], length: m[0].length };
}

/**
 * Splits a template into text and slots. Placeholders must sit inside double-quoted PromQL
 * strings: that is the only place an escaped label value is guaranteed to stay a value.
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === "{" && template[i + 1] === "{") {
      throw new Error(`placeholder {{${slotAt(template, i).name}}} must be inside a double-quoted label value`);
    }
    if (c === "'" || c === "`") {
      // Single-quoted and raw strings are kept verbatim; values are only escaped for "…".
      const end = template.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c}-quoted string`);
      const body = template.slice(i, end + 1);
      if (body.includes("{{")) throw new Error(`placeholders must be inside double-quoted strings, not ${c}-quoted ones`);
      text += body;
      i = end + 1;
      continue;
    }
    text += c;
    i++;
    if (c !== '"') continue;
    // A double-quoted string: the matcher operator before it says whether it is a regex.
    const regex = /[=!]~\s*"$/.test(text);
    for (;;) {
      const d = template[i];
      if (d === undefined) throw new Error("unterminated double-quoted string");
      if (d === "{" && template[i + 1] === "{") {
        const slot = slotAt(template, i);
        if (text) parts.push({ text });
        parts.push({ slot: slot.name, regex });
        text = "";
        i += slot.length;
        continue;
      }
      const step = d === "\\" ? 2 : 1;
      text += template.slice(i, i + step);
      i += step;
      if (d === '"') break;
    }
  }
  if (text) parts.push({ text });
  return parts;
}

const STRING_ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Escapes a value for the inside of a double-quoted PromQL string (Go string-literal rules). */
export function escapeString(value: string): string {
  // Lone surrogates would become \u escapes PromQL rejects; they cannot be label values anyway.
  return value
    .toWellFormed()
    .replace(/[\\"\u0000-\u001f\u007f]/g, (c) => STRING_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

const SIMPLE_UNESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

/** Inverse of escapeString, for the Go escapes a PromQL double-quoted string may carry. */
export function unescapeString(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    if (e.length === 1) return SIMPLE_UNESCAPES[e] ?? e;
    const radix = /^[0-7]{3}$/.test(e) ? 8 : 16;
    return String.fromCodePoint(parseInt(radix === 8 ? e : e.slice(1), radix));
  });
}

/** Escapes RE2 metacharacters (Go's regexp.QuoteMeta) so a value matches only itself. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

export function unescapeRegex(value: string): string {
  return value.replace(/\\(.)/gs, "$1");
}

/** Renders parts with the target's values; null when a slot has no (non-empty) value. */
export function renderParts(parts: TemplatePart[], target: SignalTarget): string | null {
  let out = "";
  for (const part of parts) {
    if ("text" in part) {
      out += part.text;
      continue;
    }
    const value = target[part.slot];
    // An empty value would select series *without* the label: never what a caller means.
    if (value === undefined || value === "") return null;
    out += escapeString(part.regex ? escapeRegex(value) : value);
  }
  return out;
}
