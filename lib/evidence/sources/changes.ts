// Recent changes around the incident, the workload's own first: a deploy of it shortly
// before the alert is a suspect; a change elsewhere (DNS, a dependency, traffic) can be too.
import type { Change } from "@/lib/changes/port";
import { draft, type Draft } from "@/lib/evidence/draft";

const SHOWN = 8;

export function changeDrafts(changes: Change[], subject: { namespace: string; name: string }, alertStart: Date): Draft[] {
  if (changes.length === 0) return [];
  const near = (c: Change) => Math.abs(alertStart.getTime() - Date.parse(c.at)) < 6 * 3600_000;
  // A change from a source that knows no namespace ("") is about any workload of that name.
  const own = (c: Change) => (c.namespace === "" || c.namespace === subject.namespace) && c.name === subject.name;
  const sorted = [...changes].sort((a, b) => Number(own(b)) - Number(own(a)) || Date.parse(b.at) - Date.parse(a.at)).slice(0, SHOWN);
  const where = (c: Change) => (c.namespace ? `${c.namespace}/${c.name}` : c.name);
  const line = (c: Change) => `${c.at} ${c.kind} ${where(c)}${c.version ? ` ${c.version}` : ""}: ${c.summary}`;
  const facts = sorted.map((c) => ({
    kind: "change" as const,
    at: c.at,
    changeKind: c.kind,
    namespace: c.namespace,
    name: c.name,
    summary: c.summary,
    sameWorkload: own(c),
  }));
  const score = sorted.some((c) => near(c)) ? 4 : 1.5;
  return [draft("changes", "Recent changes (own workload first, then newest)", sorted.map(line), score, facts)];
}
