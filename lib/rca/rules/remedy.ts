// What the rule engine proposes for each root cause, on the incident's own workload only, and
// only what the safety table (lib/rca/safety.ts) allows for that cause and kind of target.
// Most causes have no safe automated fix (a certificate, DNS, a dependency): the action is
// `none` with a recommendation for a human. Each automated action also needs its own
// precondition: a previous revision to roll back to, a leak to release, room to scale into.
import type { Subject } from "@/lib/evidence/types";
import type { ProposedActionSpec } from "@/lib/rca/types";
import type { RootCause } from "@/lib/scenarios/schema";
import { isSafeAction } from "@/lib/rca/safety";

const advice: Record<RootCause, string> = {
  oom_killed: "Raise the container's memory limit or reduce what one request loads; restarting or rolling back does not change the limit.",
  bad_config: "Fix the configuration value named in the logs; restarting re-reads the same bad value.",
  bad_deploy: "Roll back to the previous revision, then fix the regression before redeploying.",
  image_pull: "Correct the image reference or registry credentials; new pods cannot start until the image can be pulled.",
  cpu_saturation: "Add replicas to spread the load; review CPU limits and autoscaling bounds.",
  memory_leak: "Restart to reclaim memory now, and find the leak before it recurs.",
  dependency_failure: "Restore the failing dependency; this workload recovers when it does.",
  db_connection_exhaustion: "Find what holds the connections (slow queries, a leak) and size the pool to the database's limit.",
  probe_failure: "Relax the probe (initial delay, timeout or a startup probe) so slow starts are not killed.",
  node_pressure: "Relieve or replace the affected node; pods recover when rescheduled on healthy nodes.",
  capacity_limit: "Add cluster capacity or raise the autoscaler's maximum; more replicas cannot schedule now.",
  certificate_expired: "Renew the expired certificate; no rollout of this workload fixes it.",
  dns_failure: "Restore the DNS records or resolver configuration; the workload itself is fine.",
  disk_full: "Free or expand the volume.",
  network_policy: "Fix the NetworkPolicy that blocks the traffic.",
  unknown: "The evidence does not point at a cause: keep watching, and investigate by hand if it continues.",
};

export const ACT_AT = 0.7;

/** What the facts say about each action's precondition. */
export type Preconditions = { previousRevision: boolean; leak: boolean; roomToScale: boolean };

export function remedy(cause: RootCause, subject: Subject, confidence: number, pre: Preconditions): ProposedActionSpec[] {
  const kind = subject.kind === "unknown" ? "Deployment" : subject.kind;
  const target = { kind, namespace: subject.namespace, name: subject.name };
  const none: ProposedActionSpec = { action: "none", target, risk: "low", rationale: advice[cause] };
  // The alternative to an automated action: leave it to a person.
  const byHand: ProposedActionSpec = { ...none, rationale: "Change nothing automatically and handle the incident by hand." };
  const safe = (action: "rollback" | "restart" | "scale") => isSafeAction(cause, action, subject.kind);
  // Touching the cluster needs more certainty than naming a cause: below this, a person decides.
  if (confidence < ACT_AT) return [none];
  if (safe("rollback") && pre.previousRevision) return [{ action: "rollback", target, risk: "medium", rationale: advice[cause] }, byHand];
  if (safe("restart") && (cause !== "db_connection_exhaustion" || pre.leak)) {
    const why = cause === "db_connection_exhaustion" ? "Restart to release the leaked connections, and fix the leak." : advice[cause];
    return [{ action: "restart", target, risk: "medium", rationale: why }, byHand];
  }
  if (safe("scale") && subject.replicas !== null && pre.roomToScale) {
    const replicas = Math.max(subject.replicas * 2, subject.replicas + 1);
    return [
      { action: "scale", target, replicas, risk: "low", rationale: `${advice[cause]} From ${subject.replicas} to ${replicas} replicas.` },
      byHand,
    ];
  }
  return [none];
}
