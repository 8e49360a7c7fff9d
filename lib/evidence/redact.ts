// Redacts secrets before evidence is stored or shown to a model: credentials in URLs,
// bearer/basic tokens, JWTs, cloud keys, private keys, and the values of anything named
// like a password, secret, token or key. Deterministic, so the same input always gives the
// same output (the eval and the stored evidence agree), and counted, so the console can
// say how much was hidden.
const MASK = "[REDACTED]";

type Rule = { name: string; pattern: RegExp; replace: (match: string, ...groups: string[]) => string };

const rules: Rule[] = [
  {
    name: "private key",
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: () => `-----BEGIN PRIVATE KEY----- ${MASK} -----END PRIVATE KEY-----`,
  },
  // user:password@ in any URL (postgres://, amqp://, https://, redis://...).
  {
    name: "url credentials",
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]+):([^\s@/]+)@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${MASK}@`,
  },
  {
    name: "authorization header",
    pattern: /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(bearer|basic|token)\s+[^\s"',;]+/gi,
    replace: (_m, h, sep, scheme) => `${h}${sep}${scheme} ${MASK}`,
  },
  { name: "bearer token", pattern: /\b(bearer)\s+[a-z0-9._~+/=-]{12,}/gi, replace: (_m, scheme) => `${scheme} ${MASK}` },
  { name: "jwt", pattern: /\beyJ[a-zA-Z0-9_-]{8,}\.[a-zA-Z0-9_-]{8,}\.[a-zA-Z0-9_-]{8,}/g, replace: () => MASK },
  { name: "aws access key", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => MASK },
  { name: "github token", pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: () => MASK },
  { name: "slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, replace: () => MASK },
  { name: "api key prefix", pattern: /\b(sk|pk|rk)_(live|test)_[A-Za-z0-9]{16,}\b/g, replace: () => MASK },
  // key=value / "key": "value" / key: value where the key names a secret.
  {
    name: "secret assignment",
    pattern:
      /(["']?[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|account[_-]?key|private[_-]?key(?:[_-]?id)?|client[_-]?secret|credentials?|auth[_-]?key|session[_-]?key)["']?\s*(?:[:=]|=>)\s*)("[^"]*"|'[^']*'|\[REDACTED\]|[^\s,;&}\]]+)/gi,
    replace: (_m, key, value) =>
      /^(null|none|""|''|\[REDACTED\])$/i.test(value) ? `${key}${value}` : `${key}${value.startsWith('"') ? `"${MASK}"` : MASK}`,
  },
];

export type Redacted = { text: string; redactions: number };

// Every rule above needs one of these to match (a credential in a URL needs "://…@", an
// assignment a secret-named key): text without any skips the rules. Alert labels and
// annotations are redacted on every webhook, and most (instance="10.0.0.1:8080", a summary)
// have none, so this keeps redaction off the ingest's CPU budget.
const MAYBE_SECRET =
  /:\/\/\S*@|authoriz|bearer|passw|pwd|secret|token|key|credential|eyJ|AKIA|ASIA|gh[pousr]_|xox[abprs]-|[spr]k_(?:live|test)_|-----BEGIN/i;

export function redact(input: string): Redacted {
  if (!MAYBE_SECRET.test(input)) return { text: input, redactions: 0 };
  let text = input;
  let redactions = 0;
  for (const rule of rules) {
    text = text.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args.slice(1, -2) as string[];
      const replaced = rule.replace(match, ...groups);
      if (replaced !== match) redactions += 1;
      return replaced;
    });
  }
  return { text, redactions };
}

/** Environment variables of a pod template: values of secret-looking names are hidden,
 * and values that come from Secrets are never shown (only their reference). */
export function redactEnvValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/password|passwd|secret|token|api[_-]?key|private[_-]?key|credential/i.test(name)) return MASK;
  return redact(value).text;
}

export const REDACTION_MASK = MASK;
