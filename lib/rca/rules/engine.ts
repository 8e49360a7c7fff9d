// The rule-based engine: a real engine that reasons over the same evidence as the model,
// covers the whole taxonomy, cites evidence ids and proposes only actions the safety table
// allows. It abstains with `unknown`, and says what is missing, when nothing decisive
// stands out or when two causes are too close to call: a confident wrong answer is worse.
import type { EvidenceSet } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import { detect, type Finding } from "@/lib/rca/rules/detect";
import { remedy, type Preconditions } from "@/lib/rca/rules/remedy";
import { rootCauseLabel } from "@/lib/rca/labels";
import { missingFor } from "@/lib/rca/rules/missing";
import { factsOf } from "@/lib/rca/rules/texts";
import { DB_POOL } from "@/lib/rca/rules/patterns";

// Below this, a guess is worse than saying so.
export const ABSTAIN_BELOW = 0.6;
// Two causes closer than this share the doubt: the winner's confidence pays for the runner-up.
const CLOSE = 0.12;

/** Confidence: the winner's strength, less what a close runner-up takes from it. */
export function calibrate(top: Finding, second: Finding | undefined): number {
  const margin = second ? top.score - second.score : 1;
  return Number(Math.max(0, Math.min(0.97, top.score - Math.max(0, CLOSE - margin) * 1.5)).toFixed(2));
}

function preconditions(evidence: EvidenceSet, alertStart: Date): Preconditions {
  const rollout = factsOf(evidence, "rollout").find(
    (r) => r.previousRevision !== null && r.createdAt !== null && alertStart.getTime() - Date.parse(r.createdAt) < 3 * 3600_000,
  );
  // A StatefulSet keeps its revisions as ControllerRevisions: its own deploy in the window says one came before.
  const statefulDeploy =
    evidence.subject.kind === "StatefulSet" &&
    factsOf(evidence, "change").some(
      (c) => c.sameWorkload && c.changeKind === "deploy" && alertStart.getTime() - Date.parse(c.at) < 3 * 3600_000,
    );
  const leak = factsOf(evidence, "log").some((l) => l.own && /leak/i.test(l.text) && DB_POOL.test(l.text));
  const pending = factsOf(evidence, "unschedulable").length > 0;
  const hpaMaxed = factsOf(evidence, "hpa").some((h) => h.max > 0 && h.current >= h.max);
  const nodesInTrouble = factsOf(evidence, "node").length > 0;
  return { previousRevision: !!rollout || statefulDeploy, leak, roomToScale: !pending && !hpaMaxed && !nodesInTrouble };
}

/** `only`: the findings this engine may conclude from (the ensemble's rule specialists keep their domain's). */
export function ruleBasedRca(evidence: EvidenceSet, alertStart: Date, inContext?: Set<string>, only?: (finding: Finding) => boolean): Rca {
  const findings = only ? detect(evidence, alertStart).filter(only) : detect(evidence, alertStart);
  const [top, second] = findings;
  const alertId = evidence.items.find((i) => i.source === "alert")?.id ?? evidence.items[0]?.id ?? "E1";
  const citable = (id: string) => !inContext || inContext.has(id);
  const subject = evidence.subject;
  const where = `${subject.namespace}/${subject.name}`;
  const confidence = top ? calibrate(top, second) : 0;
  const pre = preconditions(evidence, alertStart);

  if (!top || confidence < ABSTAIN_BELOW) {
    const close = top && second && top.score - second.score < CLOSE;
    const weighed = top
      ? ` The closest ${close ? "are" : "is"} ${rootCauseLabel[top.cause]} (${top.score.toFixed(2)})${close ? ` and ${rootCauseLabel[second!.cause]} (${second!.score.toFixed(2)}), too close to call` : ", too weak to conclude"}.`
      : "";
    const cites = top ? [...new Set([...top.cites, ...(second?.cites ?? [])].filter(citable))].slice(0, 6) : [];
    return {
      rootCause: "unknown",
      confidence: Number(Math.min(0.5, confidence).toFixed(2)) || 0.3,
      summary: `No cause stands out for ${where}.${weighed}`.slice(0, 600),
      reasoning: `Checked pods, events, logs, rollout history, metrics, dependencies, nodes and recent changes.${weighed}`,
      citations: cites.length ? cites : [alertId],
      actions: remedy("unknown", subject, confidence, pre),
      missing: missingFor(evidence, close ? [top!.cause, second!.cause] : top ? [top.cause] : []),
    };
  }
  const cites = [...new Set(top.cites.filter(citable))].slice(0, 6);
  const others = findings.slice(1, 3).map((f) => `${rootCauseLabel[f.cause]} (${f.score.toFixed(2)})`);
  return {
    rootCause: top.cause,
    confidence,
    summary: `${rootCauseLabel[top.cause]} on ${where}: ${top.why[0] ?? ""}`.slice(0, 600),
    reasoning: [...top.why.slice(0, 3).map((w) => `- ${w}`), others.length ? `- also considered: ${others.join(", ")}` : ""]
      .filter(Boolean)
      .join("\n")
      .slice(0, 4000),
    citations: cites.length ? cites : [alertId],
    actions: remedy(top.cause, subject, confidence, pre),
  };
}
