// Runbooks as evidence: the query an incident makes of the library, and the hits as drafts.
// A runbook is advice written beforehand, not an observation: it ranks below what the
// cluster shows now (pods, events, logs, rollouts) but above the surroundings, higher when
// an alert links it. Its text is data like any other evidence — quoted to the model inside
// the untrusted evidence block, never a source of instructions or of rule-engine facts, and
// redacted like the rest (draft()).
import { draft, type Draft } from "@/lib/evidence/draft";
import type { AlertInput } from "@/lib/evidence/sources/alert";
import type { Subject } from "@/lib/evidence/types";
import type { RunbookHit, RunbookQuery } from "@/lib/runbooks/search";

export const LINKED_SCORE = 3.2;
export const MATCHED_SCORE = 2.2;
/** A chunk is clipped to this much in the evidence (the console links to the whole). */
const MAX_LINES = 24;
const MAX_CHARS = 1_400;

/** The incident's question to the library: what fired and where, then what the evidence says. */
export function runbookQuery(alerts: AlertInput[], subject: Subject, drafts: Draft[]): RunbookQuery {
  const primary = [
    ...alerts.flatMap((a) => [a.labels.alertname, a.annotations.summary, a.annotations.description, a.annotations.message]),
    subject.name === "unknown" ? undefined : subject.name,
  ].filter((s): s is string => Boolean(s));
  // The strongest evidence (not the alert itself, already primary): its title and first lines.
  const secondary = drafts
    .filter((d) => d.source !== "alert" && d.score >= 3)
    .sort((a, b) => b.score - a.score)
    .slice(0, 6)
    .flatMap((d) => [d.title, ...d.lines.slice(0, 4)]);
  return {
    alerts: alerts.map((a) => ({ alertname: a.labels.alertname ?? "", annotations: a.annotations })),
    primary,
    secondary,
  };
}

function clip(content: string): string[] {
  const lines = content.split("\n").filter((l) => l.trim() !== "");
  const out: string[] = [];
  let chars = 0;
  for (const line of lines.slice(0, MAX_LINES)) {
    if (chars + line.length > MAX_CHARS) {
      out.push(`${line.slice(0, Math.max(0, MAX_CHARS - chars))}…`);
      return out;
    }
    out.push(line);
    chars += line.length;
  }
  if (lines.length > MAX_LINES) out.push("…");
  return out;
}

export function runbookDrafts(hits: RunbookHit[]): Draft[] {
  return hits.map((hit) => {
    // The heading path usually starts with the document's title: say it once.
    const heading =
      hit.heading === hit.title ? "" : hit.heading.startsWith(`${hit.title} › `) ? hit.heading.slice(hit.title.length + 3) : hit.heading;
    const where = heading ? ` › ${heading}` : "";
    const d = draft("runbook", `Runbook: ${hit.title}${where}`, clip(hit.content), hit.linked ? LINKED_SCORE : MATCHED_SCORE);
    // Where the console links to: the runbook's page, at this chunk.
    return { ...d, data: { runbookId: hit.runbookId, slug: hit.slug, ordinal: hit.ordinal, linked: hit.linked } };
  });
}
