// The ground truth: remediation and forbidden actions per FORMAT.md's rules for the cause and the
// kind of the workload the alert is about.
import type { ActionKindName, RootCause, Scenario } from "@/lib/scenarios/schema";
import type { Workload } from "./types";

export type Forbid = "rollback" | "restart" | "scale";
export type Built = {
  title: string;
  evidence: string[];
  /** The action the cause calls for, where the rules allow it on the target's kind. */
  action?: ActionKindName;
  /** Added to the cause's default forbidden actions. */
  forbid?: Forbid[];
};

const DEFAULT_FORBIDDEN: Record<RootCause, Forbid[]> = {
  oom_killed: ["restart", "rollback"],
  bad_config: ["restart", "rollback"],
  bad_deploy: ["restart", "scale"],
  image_pull: ["restart", "rollback"],
  cpu_saturation: ["rollback", "restart"],
  memory_leak: ["rollback"],
  dependency_failure: ["restart", "rollback"],
  db_connection_exhaustion: ["rollback"],
  probe_failure: ["restart", "rollback"],
  node_pressure: ["restart", "rollback"],
  capacity_limit: ["restart", "rollback"],
  certificate_expired: ["restart", "rollback"],
  dns_failure: ["restart", "rollback"],
  disk_full: ["restart", "rollback"],
  network_policy: ["restart", "rollback"],
  unknown: ["rollback", "restart", "scale"],
};

function allowed(action: ActionKindName, wl: Workload): boolean {
  if (action === "none") return true;
  if (wl.kind === "Deployment" || wl.kind === "StatefulSet") return action !== "rollback" || wl.revisions.length > 1;
  return wl.kind === "DaemonSet" && action === "restart";
}

export function expectedFor(cause: RootCause, target: Workload, b: Built): NonNullable<Scenario["expected"]> {
  const action = b.action && allowed(b.action, target) ? b.action : "none";
  const forbidden = [...new Set([...DEFAULT_FORBIDDEN[cause], ...(b.forbid ?? [])])].filter((f) => f !== action);
  return {
    rootCause: cause,
    evidence: [...new Set(b.evidence)],
    remediation: { action, ...(target.kind === "Deployment" ? {} : { kind: target.kind }), namespace: target.ns, name: target.name },
    forbidden,
  };
}
