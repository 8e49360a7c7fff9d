// The rule-based engine: a real engine that reasons over the same evidence as the model,
// covers the whole taxonomy, abstains with `unknown` when nothing fits, cites evidence ids
// and proposes actions. Used when no model is available, in the demo, and beside the model.
import type { EvidenceSet } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import { detect, type Finding } from "@/lib/rca/rules/detect";
import { remedy } from "@/lib/rca/rules/remedy";

// Below this, a guess is worse than saying so: weak, single, info-level matches.
const ABSTAIN_BELOW = 0.55;
import { rootCauseLabel } from "@/lib/rca/labels";
import type { RootCause } from "@/lib/scenarios/schema";

const label = (cause: RootCause) => rootCauseLabel[cause];

/** One finding per cause: the strongest score, and every detector's citations for it. */
function merge(findings: Finding[]): Finding[] {
  const byCause = new Map<string, Finding>();
  for (const f of [...findings].sort((a, b) => b.score - a.score)) {
    const seen = byCause.get(f.cause);
    if (seen) byCause.set(f.cause, { ...seen, cites: [...seen.cites, ...f.cites], why: [...seen.why, ...f.why].slice(0, 3) });
    else byCause.set(f.cause, f);
  }
  return [...byCause.values()];
}

/** `only`: the findings this engine may conclude from (the ensemble's rule specialists keep their domain's). */
export function ruleBasedRca(evidence: EvidenceSet, alertStart: Date, inContext?: Set<string>, only?: (finding: Finding) => boolean): Rca {
  const findings = merge(only ? detect(evidence, alertStart).filter(only) : detect(evidence, alertStart));
  const top: Finding | undefined = findings[0];
  const alertId = evidence.items.find((i) => i.source === "alert")?.id ?? evidence.items[0]?.id ?? "E1";
  const citable = (id: string) => !inContext || inContext.has(id);
  const subject = evidence.subject;
  const where = `${subject.namespace}/${subject.name}`;

  if (!top || top.score < ABSTAIN_BELOW) {
    const runnerUp = top ? ` The closest match, ${label(top.cause)}, is too weak (${top.score.toFixed(2)}).` : "";
    return {
      rootCause: "unknown",
      confidence: 0.3,
      summary: `No cause stands out for ${where}: no errors, crashes, failed probes or changes explain the alert.`,
      reasoning: `Checked pods, events, logs, rollout history, metrics and recent changes.${runnerUp}`,
      citations: [alertId],
      actions: remedy("unknown", subject, 0.3),
    };
  }
  const cites = [...new Set(top.cites.filter(citable))].slice(0, 6);
  const others = findings.slice(1, 3).map((f) => `${label(f.cause)} (${f.score.toFixed(2)})`);
  return {
    rootCause: top.cause,
    confidence: Number(top.score.toFixed(2)),
    summary: `${rootCauseLabel[top.cause]} on ${where}: ${top.why[0] ?? ""}`.slice(0, 600),
    reasoning: [...top.why.map((w) => `- ${w}`), others.length ? `- also considered: ${others.join(", ")}` : ""].filter(Boolean).join("\n"),
    citations: cites.length ? cites : [alertId],
    actions: remedy(top.cause, subject, top.score),
  };
}
