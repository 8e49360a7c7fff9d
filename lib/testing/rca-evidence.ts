// Hand-made evidence for the rule engine's tests: facts as the collector drafts them, each
// cited by an evidence item of its own, in the order given (E1, E2, ...).
import type { EvidenceItem, EvidenceSet, Fact, Subject } from "@/lib/evidence/types";
import type { DraftFact } from "@/lib/evidence/draft";

export const testDeployment: Subject = { namespace: "shop", name: "api", kind: "Deployment", replicas: 3, selector: "app=api" };

/** More evidence items, cited by no fact: what other sources showed. */
export type ExtraEvidence = { source: EvidenceItem["source"]; lines: string[] };

export function evidenceOf(facts: DraftFact[], extra: ExtraEvidence[] = [], subject: Subject = testDeployment): EvidenceSet {
  const items: EvidenceItem[] = [
    ...facts.map((_, i) => ({ id: `E${i + 1}`, source: "logs" as const, title: "t", lines: ["l"], score: 1, redactions: 0 })),
    ...extra.map((x, i) => ({ id: `E${facts.length + i + 1}`, source: x.source, title: "t", lines: x.lines, score: 1, redactions: 0 })),
  ];
  return { subject, items, facts: facts.map((f, i) => ({ ...f, evidenceId: `E${i + 1}` }) as Fact) };
}

/** A log line of the workload's own container, seen `count` times. */
export function logFact(text: string, level: "error" | "warn" | "info" = "error", count?: number, pod = "api-1"): DraftFact {
  return { kind: "log", text, level, pod, container: "api", previous: false, last: false, own: true, peer: false, init: false, count };
}
