// What an `unknown` lacked, in words a responder can go and check: the sources the evidence
// never had, and for the causes that came closest, the fact that would confirm each one.
import type { EvidenceSet } from "@/lib/evidence/types";
import type { RootCause } from "@/lib/scenarios/schema";

/** The one fact that would settle each cause, as something to look for. */
export const decidingFact: Record<RootCause, string> = {
  oom_killed: "an OOMKilled termination within minutes of start or of a load change",
  memory_leak: "memory growing over hours at steady load, or OOM kills only after hours of uptime",
  bad_config: "a crash at start naming a missing or invalid setting, env var, Secret or ConfigMap",
  bad_deploy: "errors in the new revision's code that began after its rollout",
  image_pull: "an image pull failure (ErrImagePull, ImagePullBackOff) on the pods",
  cpu_saturation: "CPU throttling or usage at its limit while the load rises",
  dependency_failure: "refused or failing calls to a named dependency, or that dependency's own pods down",
  db_connection_exhaustion: "a connection pool with no free connection (timeouts acquiring one, too many clients)",
  probe_failure: "probe failures on an app whose own logs show it healthy (wrong port, path or delay)",
  node_pressure: "a node NotReady or under memory/disk/PID pressure, or evictions",
  capacity_limit: "pods Pending as unschedulable, or the autoscaler at its maximum",
  certificate_expired: "an x509 'certificate has expired' error",
  dns_failure: "name resolution errors (no such host, NXDOMAIN) from the workload",
  disk_full: "'no space left on device', or a volume at 100%",
  network_policy: "timeouts to a peer while a NetworkPolicy selects the pods",
  unknown: "",
};

export function missingFor(evidence: EvidenceSet, near: RootCause[]): string[] {
  const has = (source: string) => evidence.items.some((i) => i.source === source);
  const out: string[] = [];
  for (const cause of near.slice(0, 2))
    if (cause !== "unknown") out.push(`To confirm ${cause.replace(/_/g, " ")}: ${decidingFact[cause]}.`);
  if (evidence.subject.kind === "unknown")
    out.push("The workload the alert names was not found in the cluster: check the alert's namespace and workload labels.");
  if (!has("pod")) out.push("No pods of the workload were found: their states and restarts would show crashes or pending pods.");
  if (!has("logs")) out.push("No error lines in the workload's logs: a stack trace or an error message would name the failure.");
  if (!has("metrics")) out.push("No metrics for the workload: error rate, latency, CPU and memory around the alert would show what moved.");
  if (!has("changes") && !has("rollout"))
    out.push("No record of changes: a deploy, config change or scaling event before the alert would be a suspect.");
  if (out.length === 0)
    out.push("Nothing in pods, events, logs, metrics or changes moved with the alert: watch whether it recurs, and look at the callers.");
  return out.slice(0, 6);
}
