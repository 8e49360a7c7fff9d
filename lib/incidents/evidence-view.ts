// How the console orders, groups and searches an investigation's evidence. Pure and safe
// in the browser, so the server's ordering and the page's filter agree.

/** The order sources are shown in: what fired, then the workload's own state, then its
 * surroundings. Sources not listed here follow, alphabetically. */
export const evidenceSourceOrder = [
  "alert",
  "pod",
  "events",
  "logs",
  "rollout",
  "workload",
  "hpa",
  "node",
  "metrics",
  "changes",
  "config",
  "storage",
  "network",
  "service",
  "memory",
  "runbook",
] as const;

const sourceLabel: Record<string, string> = {
  alert: "Alert",
  pod: "Pods",
  events: "Events",
  logs: "Logs",
  rollout: "Rollout",
  workload: "Workload",
  hpa: "Autoscaler",
  node: "Nodes",
  metrics: "Metrics",
  changes: "Changes",
  config: "Configuration",
  storage: "Storage",
  network: "Network",
  service: "Services",
  memory: "Similar incidents",
  runbook: "Runbooks",
};

export function evidenceSourceText(source: string): string {
  return sourceLabel[source] ?? source;
}

/** "E10" → 10; items without a short id sort last. */
export function refNumber(ref: string | null): number {
  const match = ref ? /^E(\d+)$/.exec(ref) : null;
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/** By number, not by text: E2 comes before E10. */
export function byRef<T extends { ref: string | null }>(a: T, b: T): number {
  return refNumber(a.ref) - refNumber(b.ref);
}

type Searchable = { ref: string | null; source: string; title: string; content: string };

const queryWords = (query: string) => query.trim().toLowerCase().split(/\s+/).filter(Boolean);

/** Case-insensitive; every word of the query must appear in the ref, source, title or text. */
export function matchesEvidence(item: Searchable, query: string): boolean {
  const words = queryWords(query);
  if (!words.length) return true;
  const haystack = [item.ref ?? "", item.source, evidenceSourceText(item.source), item.title, item.content].join("\n").toLowerCase();
  return words.every((w) => haystack.includes(w));
}

export type HighlightPart = { text: string; match: boolean };

/** Splits text around every occurrence of the query's words (case-insensitive, overlaps
 * merged), so the console can mark what the filter matched. */
export function highlightParts(text: string, query: string): HighlightPart[] {
  const words = queryWords(query);
  if (!words.length || !text) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const w of words) {
    for (let at = lower.indexOf(w); at !== -1; at = lower.indexOf(w, at + 1)) ranges.push([at, at + w.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: HighlightPart[] = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) parts.push({ text: text.slice(pos, from), match: false });
    const last = parts[parts.length - 1];
    // Touching or overlapping matches read as one mark.
    if (last?.match && from === pos) last.text += text.slice(from, end);
    else parts.push({ text: text.slice(from, end), match: true });
    pos = end;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), match: false });
  return parts;
}

export type EvidenceGroup<T> = { source: string; label: string; items: T[] };

/** Groups in source order, items in ref order, leaving out what the query does not match. */
export function groupEvidence<T extends Searchable>(items: T[], query = ""): EvidenceGroup<T>[] {
  const rank = (source: string) => {
    const i = (evidenceSourceOrder as readonly string[]).indexOf(source);
    return i === -1 ? evidenceSourceOrder.length : i;
  };
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort(byRef)) {
    if (!matchesEvidence(item, query)) continue;
    groups.set(item.source, [...(groups.get(item.source) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([source, list]) => ({ source, label: evidenceSourceText(source), items: list }));
}

export type TextPart = { text: string } | { ref: string };

/** Splits text such as a model's reasoning around the refs it cites ("E3"), keeping only
 * refs that exist, so the console can link them to their evidence. */
export function splitRefs(text: string, known: ReadonlySet<string>): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(/\bE\d+\b/g)) {
    if (!known.has(m[0])) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ ref: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
