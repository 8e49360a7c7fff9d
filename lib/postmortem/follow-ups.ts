// Follow-ups a post-mortem proposes: what usually prevents each kind of root cause from
// recurring (a small, reviewed map over the RCA taxonomy), plus what this incident's own
// record calls for — an escalation, actions that failed, did not help, or were undone.
import type { RootCause } from "@/lib/scenarios/schema";
import type { FollowUpFact, PostmortemFacts } from "@/lib/postmortem/types";

export const causeFollowUps: Record<RootCause, string[]> = {
  bad_deploy: [
    "Add a canary or progressive rollout stage, so a bad revision reaches a small share of traffic first.",
    "Automate the rollback: roll back on error-rate or SLO burn within minutes of a deploy.",
    "Add a regression test for the failure this revision introduced.",
  ],
  oom_killed: [
    "Review the container's memory requests and limits against its measured peak usage.",
    "Alert when the memory working set nears the limit, before the kernel kills the container.",
  ],
  bad_config: [
    "Validate configuration in CI (schema and required keys) before it reaches the cluster.",
    "Roll out configuration like code: staged, with an automated rollback.",
  ],
  image_pull: [
    "Check in CI that the image tag exists in the registry before the rollout starts.",
    "Monitor the expiry of registry credentials (imagePullSecrets).",
  ],
  cpu_saturation: [
    "Review CPU requests, limits and the HorizontalPodAutoscaler's bounds against the load seen.",
    "Load-test to the next expected traffic peak.",
  ],
  memory_leak: [
    "Find and fix the leak: take a heap profile from an affected pod.",
    "Alert on sustained memory growth, not only on the limit.",
  ],
  dependency_failure: [
    "Add timeouts, retries with backoff and a circuit breaker around the dependency.",
    "Agree on an SLO and alerting with the dependency's owners.",
  ],
  db_connection_exhaustion: [
    "Fix the connection leak, or size the pool against the database's connection limit.",
    "Alert on connection-pool saturation.",
  ],
  probe_failure: ["Tune the probes to the real start-up time: add a startup probe, relax the initial delay and timeout."],
  node_pressure: [
    "Set resource requests on every pod, and review node sizes and eviction thresholds.",
    "Alert on node conditions (MemoryPressure, DiskPressure) before pods are evicted.",
  ],
  capacity_limit: ["Review the cluster autoscaler's maximum and the namespace quotas; plan capacity for peak load."],
  certificate_expired: ["Automate certificate renewal (for example cert-manager) and alert weeks before expiry."],
  dns_failure: ["Review DNS records and CoreDNS capacity; alert on resolution errors."],
  disk_full: ["Alert on volume usage at 80%, and set log rotation and data retention."],
  network_policy: ["Test NetworkPolicy changes with connectivity checks before they are applied."],
  unknown: ["The root cause was not established: finish the investigation by hand and record the cause here."],
};

const causeOf = (cause: string): RootCause | null => (cause in causeFollowUps ? (cause as RootCause) : null);

/** The follow-ups for an incident's facts, taxonomy first, then what its own record calls for. */
export function followUpsFor(facts: Omit<PostmortemFacts, "followUps">): FollowUpFact[] {
  const out: FollowUpFact[] = [];
  const cause = facts.rootCause ? causeOf(facts.rootCause.cause) : null;
  if (cause) for (const text of causeFollowUps[cause]) out.push({ text, why: `root cause: ${facts.rootCause!.label}` });
  else if (!facts.rootCause)
    out.push({ text: "No root-cause analysis was recorded: analyse the incident and record the cause here.", why: "no RCA" });
  else out.push({ text: `Add follow-ups for the root cause "${facts.rootCause.cause}".`, why: "cause outside the taxonomy" });

  if (facts.rootCause && facts.rootCause.confidence < 0.6 && cause !== "unknown") {
    out.push({
      text: "Confirm the root cause by hand: the analysis was not confident.",
      why: `confidence ${Math.round(facts.rootCause.confidence * 100)}%`,
    });
  }
  if (facts.escalation)
    out.push({ text: `Review why automated remediation handed the incident to humans: ${facts.escalation.reason}.`, why: "escalation" });
  for (const v of facts.verification) {
    if (v.effective === false) out.push({ text: `Find out why "${v.title}" did not resolve the incident.`, why: "ineffective action" });
  }
  for (const e of facts.executed) {
    if (e.state === "failed") out.push({ text: `Fix what made "${e.title}" fail: ${e.error ?? "unknown error"}.`, why: "failed action" });
    if (e.state === "rolled_back")
      out.push({ text: `"${e.title}" was rolled back: confirm the incident's fix is still in place.`, why: "rolled back" });
  }
  if (facts.impact.ongoing) out.push({ text: "The incident is not resolved yet: update this post-mortem when it is.", why: "still open" });
  return out;
}
