// Which actions can ever follow from which root cause, on which kind of target: one table,
// read by the rule engine (what it proposes), the model validator (what it accepts) and the
// guard (what may run). An unsafe proposal is worse than none, so the table is narrow by
// construction: restarting or rolling back never fixes configuration, an image, a dependency,
// a node, capacity, a certificate, DNS, a disk or a NetworkPolicy, and `none` is always safe.
import type { ActionKindName, RootCause, WorkloadKind } from "@/lib/scenarios/schema";

/** The cause's only automated mitigations besides `none`, and why each can help. */
export const actionsForCause: Record<RootCause, readonly Exclude<ActionKindName, "none">[]> = {
  // The workload's own new revision is the regression: the previous one did not have it.
  bad_deploy: ["rollback"],
  // Memory grows with uptime: a restart reclaims it while the leak is found.
  memory_leak: ["restart"],
  // Connections held and never returned: a restart releases them.
  db_connection_exhaustion: ["restart"],
  // More replicas spread the load, where the cluster has room for them.
  cpu_saturation: ["scale"],
  oom_killed: [],
  bad_config: [],
  image_pull: [],
  dependency_failure: [],
  probe_failure: [],
  node_pressure: [],
  capacity_limit: [],
  certificate_expired: [],
  dns_failure: [],
  disk_full: [],
  network_policy: [],
  unknown: [],
};

/** What each kind of target supports at all (FORMAT.md): Jobs, CronJobs and bare Pods none. */
export const actionsForKind: Record<WorkloadKind, readonly Exclude<ActionKindName, "none">[]> = {
  Deployment: ["rollback", "restart", "scale"],
  StatefulSet: ["rollback", "restart", "scale"],
  DaemonSet: ["restart"],
  Job: [],
  CronJob: [],
  Pod: [],
};

/** Why `action` may not follow from `cause` on a `kind`, or null when it may. */
export function unsafeReason(cause: RootCause, action: ActionKindName, kind: WorkloadKind | "unknown"): string | null {
  if (action === "none") return null;
  if (kind === "unknown") return `the incident's workload is not resolved: only "none" may be proposed`;
  if (!actionsForKind[kind].includes(action)) return `a ${kind} cannot be ${pastTense[action]}: only "none" applies to it`;
  if (!actionsForCause[cause].includes(action)) {
    const allowed = actionsForCause[cause];
    return `${action} does not follow from ${cause}${allowed.length ? ` (only ${allowed.join(", ")} can)` : ": no automated action fixes it"}`;
  }
  return null;
}

export const isSafeAction = (cause: RootCause, action: ActionKindName, kind: WorkloadKind | "unknown") =>
  unsafeReason(cause, action, kind) === null;

const pastTense: Record<Exclude<ActionKindName, "none">, string> = { rollback: "rolled back", restart: "restarted", scale: "scaled" };
