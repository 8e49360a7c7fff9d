// Label selectors (`?labelSelector=`) parsed and matched the way the API server's labels.Parse
// does, so the sandbox narrows lists exactly as a real cluster would: equality (`a=b`, `a==b`,
// `a!=b`), sets (`a in (x,y)`, `a notin (x)`), existence (`a`, `!a`) and `a>1`/`a<1`.

export type LabelRequirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" }
  | { key: string; op: "gt" | "lt"; value: number };

/** The API server answers an unparsable selector with 400 BadRequest; callers map this to that. */
export class SelectorParseError extends Error {}

type Token = { type: "ident" | "op" | "end"; text: string };

const operatorTokens = ["==", "!=", "=", "!", "(", ")", ",", "<", ">"];
// A label key: optional DNS-subdomain prefix and "/", then a name of at most 63 characters.
const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const valuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i++;
      continue;
    }
    const op = operatorTokens.find((candidate) => input.startsWith(candidate, i));
    if (op) {
      tokens.push({ type: "op", text: op });
      i += op.length;
      continue;
    }
    let end = i;
    while (end < input.length && !/[\s=!(),<>]/.test(input[end]!)) end++;
    tokens.push({ type: "ident", text: input.slice(i, end) });
    i = end;
  }
  tokens.push({ type: "end", text: "end of string" });
  return tokens;
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  const tokens = tokenize(selector);
  let at = 0;
  const peek = () => tokens[at]!;
  // The final "end" token is sticky: reading past it keeps answering "end".
  const next = () => tokens[at < tokens.length - 1 ? at++ : at]!;
  const fail = (found: Token, expected: string): never => {
    throw new SelectorParseError(`unable to parse requirement: found '${found.text}', expected: ${expected}`);
  };
  const key = (): string => {
    const token = next();
    if (token.type !== "ident" || token.text === "in" || token.text === "notin") fail(token, "identifier");
    if (!keyPattern.test(token.text)) throw new SelectorParseError(`unable to parse requirement: invalid label key "${token.text}"`);
    return token.text;
  };
  const value = (): string => {
    const token = peek();
    // `a=` (nothing before the next comma or the end) means "equals the empty string".
    if (token.type === "end" || token.text === ",") return "";
    next();
    if (token.type !== "ident") fail(token, "identifier");
    if (!valuePattern.test(token.text)) throw new SelectorParseError(`unable to parse requirement: invalid label value "${token.text}"`);
    return token.text;
  };

  const requirement = (): LabelRequirement => {
    if (peek().text === "!") {
      next();
      return { key: key(), op: "!exists" };
    }
    const name = key();
    const op = peek();
    if (op.type === "end" || op.text === ",") return { key: name, op: "exists" };
    next();
    if (op.text === "=" || op.text === "==") return { key: name, op: "=", value: value() };
    if (op.text === "!=") return { key: name, op: "!=", value: value() };
    if (op.text === "<" || op.text === ">") {
      const raw = next();
      if (raw.type !== "ident" || !/^-?\d+$/.test(raw.text)) fail(raw, "an integer");
      return { key: name, op: op.text === ">" ? "gt" : "lt", value: Number(raw.text) };
    }
    if (op.type === "ident" && (op.text === "in" || op.text === "notin")) {
      const open = next();
      if (open.text !== "(") fail(open, "'('");
      const values: string[] = [];
      while (peek().text !== ")") {
        if (values.length > 0) {
          const comma = next();
          if (comma.text !== ",") fail(comma, "',' or ')'");
        }
        const item = next();
        if (item.type !== "ident") fail(item, "identifier");
        values.push(item.text);
      }
      next();
      if (values.length === 0)
        throw new SelectorParseError(`unable to parse requirement: for '${op.text}' the set of values can't be empty`);
      return { key: name, op: op.text, values };
    }
    return fail(op, "'=', '==', '!=', 'in', 'notin', '<' or '>'");
  };

  if (peek().type === "end") return [];
  const requirements: LabelRequirement[] = [];
  for (;;) {
    requirements.push(requirement());
    const separator = next();
    if (separator.type === "end") return requirements;
    if (separator.text !== ",") fail(separator, "','");
  }
}

export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const all = labels ?? {};
  return requirements.every((requirement) => {
    const has = Object.hasOwn(all, requirement.key);
    const actual = all[requirement.key];
    switch (requirement.op) {
      case "=":
        return has && actual === requirement.value;
      case "!=":
        return !has || actual !== requirement.value;
      case "in":
        return has && requirement.values.includes(actual!);
      case "notin":
        return !has || !requirement.values.includes(actual!);
      case "exists":
        return has;
      case "!exists":
        return !has;
      case "gt":
      case "lt": {
        if (!has || !/^-?\d+$/.test(actual!)) return false;
        const number = Number(actual);
        return requirement.op === "gt" ? number > requirement.value : number < requirement.value;
      }
    }
  });
}

/** Parses once and returns a predicate, for filtering a list of objects by their labels. */
export function labelMatcher(selector: string | null | undefined): (labels: Record<string, string> | undefined) => boolean {
  const requirements = parseLabelSelector(selector ?? "");
  return (labels) => matchesLabels(requirements, labels);
}
