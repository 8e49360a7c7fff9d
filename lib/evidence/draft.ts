// Evidence under construction: each source returns drafts (redacted on creation); the
// collector numbers them E1, E2... in a fixed source order so ids are deterministic.
import type { EvidenceItem, EvidenceSource, Fact } from "@/lib/evidence/types";
import { redact } from "@/lib/evidence/redact";

type WithoutId<T> = T extends unknown ? Omit<T, "evidenceId"> : never;
export type DraftFact = WithoutId<Fact>;
export type Draft = {
  source: EvidenceSource;
  title: string;
  lines: string[];
  score: number;
  redactions: number;
  facts: DraftFact[];
  data?: Record<string, unknown>;
};

export function draft(source: EvidenceSource, title: string, lines: string[], score: number, facts: DraftFact[] = []): Draft {
  let redactions = 0;
  const clean = (s: string) => {
    const r = redact(s);
    redactions += r.redactions;
    return r.text;
  };
  const t = clean(title);
  const ls = lines.map(clean);
  // Facts carry text the rule engine matches on: the same redaction applies to them.
  const fs = facts.map((f) =>
    "text" in f ? { ...f, text: redact(f.text).text } : "message" in f ? { ...f, message: redact(f.message).text } : f,
  ) as DraftFact[];
  return { source, title: t, lines: ls, score, redactions, facts: fs };
}

export function finalize(drafts: Draft[]): { items: EvidenceItem[]; facts: Fact[] } {
  const items: EvidenceItem[] = [];
  const facts: Fact[] = [];
  drafts.forEach((d, i) => {
    const id = `E${i + 1}`;
    items.push({
      id,
      source: d.source,
      title: d.title,
      lines: d.lines,
      score: d.score,
      redactions: d.redactions,
      ...(d.data ? { data: d.data } : {}),
    });
    for (const f of d.facts) facts.push({ ...f, evidenceId: id } as Fact);
  });
  return { items, facts };
}
