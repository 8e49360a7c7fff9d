// Full-text queries built from incident text. plainto_tsquery ANDs every word, so a query
// made of an alert, its description and log lines would match nothing; this builds an OR of
// sanitised terms for to_tsquery instead. A term is a run of letters and digits (any script),
// so no quote, operator (& | ! <-> : *), parenthesis or backslash ever reaches to_tsquery;
// each is quoted as a lexeme all the same. CamelCase names also give their parts
// ("KubePodCrashLooping" → kube, pod, crash, looping), because runbooks spell them out.
// Ids and hashes (pod suffixes, trace ids) and words every runbook has are left out.

/** Words too common in Kubernetes text to tell runbooks apart (English stop words are
 * dropped by to_tsquery itself). */
const NOISE = new Set([
  "pod",
  "pods",
  "container",
  "containers",
  "namespace",
  "deployment",
  "replicaset",
  "kube",
  "kubernetes",
  "k8s",
  "alert",
  "alerts",
  "firing",
  "resolved",
  "since",
  "labels",
  "level",
  "msg",
  "message",
  "time",
  "ts",
  "ago",
  "status",
  "true",
  "false",
  "null",
  "none",
  "info",
  "debug",
  "warn",
  "warning",
  "severity",
  "critical",
  "high",
  "medium",
  "low",
  "job",
  "instance",
  "http",
  "https",
  "www",
  "com",
  "io",
  "svc",
  "cluster",
  "local",
  "default",
  "app",
  "name",
  "value",
  "id",
]);

export const MAX_TERMS = 48;

/** True for tokens that look like ids rather than words: digits mixed in, or long hex. */
function looksLikeId(term: string): boolean {
  if (/^\d+$/.test(term)) return true;
  if (/^[0-9a-f]{8,}$/.test(term)) return true;
  return /\d/.test(term) && /\p{L}/u.test(term) && term.length > 4;
}

function camelParts(word: string): string[] {
  const parts = word.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u);
  return parts.length > 1 ? parts : [];
}

/** The distinct terms of some texts, in order of first appearance, at most `max`. */
export function queryTerms(texts: string[], max = MAX_TERMS): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const [word] of text.normalize("NFKC").matchAll(/[\p{L}\p{N}]+/gu)) {
      for (const candidate of [word, ...camelParts(word)]) {
        const term = candidate.toLowerCase();
        if (term.length < 2 || term.length > 40 || NOISE.has(term) || looksLikeId(term)) continue;
        terms.add(term);
        if (terms.size >= max) return [...terms];
      }
    }
  }
  return [...terms];
}

/** A to_tsquery expression: 'a' | 'b' | …; null when there is nothing to search for. */
export function orQuery(terms: string[]): string | null {
  // Terms are letters and digits only (queryTerms); the filter keeps that promise for any caller.
  const safe = terms.filter((t) => /^[\p{L}\p{N}]+$/u.test(t));
  return safe.length ? safe.map((t) => `'${t}'`).join(" | ") : null;
}
