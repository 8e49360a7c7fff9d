// Field selectors (`?fieldSelector=`), parsed as the API server's fields.ParseSelector does:
// comma-joined `field=value`, `field==value` or `field!=value` terms, with `\,` `\=` `\\`
// escapes in values. Which fields a resource supports is the resource table's business.

export type FieldRequirement = { field: string; op: "=" | "!="; value: string };

export class FieldSelectorError extends Error {}

/** Splits on `separator` where it is not escaped by a backslash. */
function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (char === "\\" && i + 1 < input.length) {
      current += char + input[i + 1];
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function firstUnescaped(input: string, char: string): number {
  for (let i = 0; i < input.length; i++) {
    if (input[i] === "\\") i++;
    else if (input[i] === char) return i;
  }
  return -1;
}

function unescape(value: string, term: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char !== "\\") {
      out += char;
      continue;
    }
    const escaped = value[i + 1];
    if (escaped !== "\\" && escaped !== "," && escaped !== "=") {
      throw new FieldSelectorError(`invalid field selector: '${term}': invalid escape sequence`);
    }
    out += escaped;
    i++;
  }
  return out;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === "") return [];
  return splitUnescaped(selector, ",").map((term) => {
    // The first unescaped "=" is the operator's; "!=" and "==" are recognised around it.
    const at = firstUnescaped(term, "=");
    if (at <= 0) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const negated = term[at - 1] === "!";
    const field = term.slice(0, negated ? at - 1 : at).trim();
    const rest = term.slice(term[at + 1] === "=" && !negated ? at + 2 : at + 1);
    if (field === "") throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    return { field, op: negated ? "!=" : "=", value: unescape(rest, term) };
  });
}

/** `fieldOf` answers a field's value for one object ("" when unset, as the API server does). */
export function matchesFields(requirements: FieldRequirement[], fieldOf: (field: string) => string): boolean {
  return requirements.every(({ field, op, value }) => (fieldOf(field) === value) === (op === "="));
}
