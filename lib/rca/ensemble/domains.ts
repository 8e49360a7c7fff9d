// The ensemble's specialists (after AI4ALL-SRE's proposal: one agent for the network, one for
// databases, one for compute, and a vote) and the root causes each may name. A specialist
// answers within its domain or abstains with `unknown`. `dependency_failure` belongs to two:
// a failing upstream is the network's question, a failing database the database's — when both
// see it, both vote for it. Safe in the browser: the console labels votes with these.
import type { RootCause } from "@/lib/scenarios/schema";

export const specialists = ["network", "database", "compute"] as const;
export type Specialist = (typeof specialists)[number];

export const specialistCauses: Record<Specialist, readonly RootCause[]> = {
  network: ["dns_failure", "network_policy", "certificate_expired", "dependency_failure"],
  database: ["db_connection_exhaustion", "disk_full", "dependency_failure"],
  compute: [
    "oom_killed",
    "cpu_saturation",
    "memory_leak",
    "probe_failure",
    "capacity_limit",
    "node_pressure",
    "image_pull",
    "bad_deploy",
    "bad_config",
  ],
};

export const specialistLabel: Record<Specialist, string> = {
  network: "Network specialist",
  database: "Database specialist",
  compute: "Compute specialist",
};

/** What each specialist looks at, in the words its prompt uses. */
export const specialistFocus: Record<Specialist, string> = {
  network:
    "DNS resolution, NetworkPolicies, TLS certificates, and upstream or dependency failures (refused or reset connections, timeouts, 5xx from a peer)",
  database:
    "database connection pools, disk and volume space, and the database as a failing dependency (crashed, in recovery, refusing connections)",
  compute:
    "containers and nodes: OOM kills, CPU saturation and throttling, memory leaks, liveness/readiness probes, capacity and autoscaling, node pressure, image pulls, bad deploys and bad configuration",
};

export function inDomain(specialist: Specialist, cause: RootCause): boolean {
  return specialistCauses[specialist].includes(cause);
}

export function isSpecialist(value: unknown): value is Specialist {
  return typeof value === "string" && (specialists as readonly string[]).includes(value);
}
