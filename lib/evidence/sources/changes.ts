// Recent changes around the incident, the workload's own first: a deploy of it shortly
// before the alert is a suspect; a change elsewhere (DNS, a dependency, traffic) can be too.
import type { Change } from "@/lib/changes/port";
import { draft, type Draft } from "@/lib/evidence/draft";

export function changeDrafts(changes: Change[], subject: { namespace: string; name: string }, alertStart: Date): Draft[] {
  if (changes.length === 0) return [];
  const sorted = [...changes].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const near = (c: Change) => Math.abs(alertStart.getTime() - Date.parse(c.at)) < 6 * 3600_000;
  const own = (c: Change) => c.namespace === subject.namespace && c.name === subject.name;
  const line = (c: Change) => `${c.at} ${c.kind} ${c.namespace}/${c.name}${c.version ? ` ${c.version}` : ""}: ${c.summary}`;
  const facts = sorted.map((c) => ({ kind: "change" as const, at: c.at, changeKind: c.kind, namespace: c.namespace, name: c.name, summary: c.summary, sameWorkload: own(c) }));
  const score = sorted.some((c) => near(c)) ? 4 : 1.5;
  return [draft("changes", "Recent changes (newest first)", sorted.slice(0, 8).map(line), score, facts.slice(0, 8))];
}
