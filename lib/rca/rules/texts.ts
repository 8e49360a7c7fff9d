// The words the rule engine reads, one entry per fact that carries text, with where they
// came from: the workload itself, a dependency its logs name, anything else in the namespace.
// Text is only ever matched against, never obeyed.
import type { EvidenceSet, Fact } from "@/lib/evidence/types";

export type Origin = "own" | "peer" | "other";
export type Text = { text: string; evidenceId: string; origin: Origin; level: "error" | "warn" | "info"; fact: Fact };

export type Fx<K extends Fact["kind"]> = Extract<Fact, { kind: K }>;
export const factsOf = <K extends Fact["kind"]>(evidence: EvidenceSet, kind: K): Fx<K>[] =>
  evidence.facts.filter((f): f is Fx<K> => f.kind === kind);

/** Image pull messages name registries and hosts ("no such host", "401"): they describe the
 * pull, and no other cause may read them. */
export const PULL =
  /ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull|Failed to pull image|pull access denied|Back-off pulling image|manifest unknown|pulling image/i;
/** A probe's own failure message ("dial tcp ...: connection refused") describes the probe. */
export const PROBE = /(Liveness|Readiness|Startup) probe (failed|errored)|failed (liveness|readiness|startup) probe/i;

export function texts(evidence: EvidenceSet): Text[] {
  const out: Text[] = [];
  for (const f of evidence.facts) {
    // An alert's description is Prometheus' measurement ("100% throttling of CPU"); its name alone can mislead.
    if (f.kind === "alert") out.push({ text: f.text, evidenceId: f.evidenceId, origin: "own", level: "warn", fact: f });
    else if (f.kind === "log")
      out.push({ text: f.text, evidenceId: f.evidenceId, origin: f.own ? "own" : f.peer ? "peer" : "other", level: f.level, fact: f });
    else if (f.kind === "event")
      out.push({
        text: `${f.reason} ${f.message}`,
        evidenceId: f.evidenceId,
        origin: f.own ? "own" : "other",
        level: f.type === "Warning" ? "warn" : "info",
        fact: f,
      });
    else if (f.kind === "waiting")
      out.push({ text: `${f.reason} ${f.message}`, evidenceId: f.evidenceId, origin: "own", level: "error", fact: f });
    else if (f.kind === "terminated" && f.message)
      out.push({ text: f.message, evidenceId: f.evidenceId, origin: "own", level: "error", fact: f });
    else if (f.kind === "podStatus")
      out.push({ text: `${f.reason} ${f.message}`, evidenceId: f.evidenceId, origin: f.own ? "own" : "other", level: "error", fact: f });
    else if (f.kind === "job")
      out.push({ text: `${f.reason} ${f.message}`, evidenceId: f.evidenceId, origin: "own", level: "error", fact: f });
  }
  return out;
}

/** Texts about the workload or what it depends on, less the ones that describe a pull or a probe. */
export const symptoms = (all: Text[]) => all.filter((t) => !PULL.test(t.text) && !PROBE.test(t.text));

/** How much a line counts: the workload's own errors most, a dependency's next, info lines less. */
export const weight = (t: Text) => (t.origin === "own" ? 1 : t.origin === "peer" ? 0.9 : 0.6) * (t.level === "info" ? 0.8 : 1);

export const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
