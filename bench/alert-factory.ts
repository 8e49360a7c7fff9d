// Realistic kube-prometheus-style alert groups for the bench: labels, annotations and URLs of the size real ones have.
import type { AlertSpec } from "@/lib/alerts/payload-builder";
import type { Rng } from "@/lib/random";

const RULES = [
  { alertname: "KubePodCrashLooping", severity: "warning", reason: "CrashLoopBackOff", summary: "Pod is crash looping." },
  {
    alertname: "KubePodNotReady",
    severity: "warning",
    reason: "NotReady",
    summary: "Pod has been in a non-ready state for more than 15 minutes.",
  },
  { alertname: "CPUThrottlingHigh", severity: "info", reason: "Throttled", summary: "Processes experience elevated CPU throttling." },
  {
    alertname: "KubeContainerWaiting",
    severity: "warning",
    reason: "ImagePullBackOff",
    summary: "Pod container waiting longer than 1 hour.",
  },
  { alertname: "HighErrorRate", severity: "critical", reason: "5xx", summary: "Service is failing more than 5% of requests." },
  {
    alertname: "KubeDeploymentReplicasMismatch",
    severity: "critical",
    reason: "ReplicasMismatch",
    summary: "Deployment has not matched the expected number of replicas.",
  },
];
const TEAMS = ["shop", "payments", "media", "search", "identity", "ledger", "quotes", "storefront"];
const APPS = ["api", "worker", "gateway", "indexer", "scheduler", "consumer", "web", "cache"];
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function suffix(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
  return s;
}

export type GroupSeed = { groupLabels: Record<string, string>; rule: (typeof RULES)[number]; namespace: string; deployment: string };

/** A new Alertmanager group: one rule firing in one namespace (unique per group). */
export function newGroupSeed(rng: Rng, id: string): GroupSeed {
  const rule = pick(rng, RULES);
  const namespace = `${pick(rng, TEAMS)}-${id}`;
  const deployment = `${pick(rng, APPS)}-${suffix(rng, 4)}`;
  return { groupLabels: { alertname: rule.alertname, namespace }, rule, namespace, deployment };
}

/** One alert of the group: a distinct pod, firing since a little while ago. */
export function newAlert(rng: Rng, seed: GroupSeed, now: number): AlertSpec {
  const pod = `${seed.deployment}-${suffix(rng, 9)}-${suffix(rng, 5)}`;
  const { rule, namespace } = seed;
  const expr = `sum by (namespace, pod) (rate(container_cpu_cfs_throttled_periods_total{namespace="${namespace}",pod="${pod}"}[5m])) > 0.25`;
  return {
    labels: {
      alertname: rule.alertname,
      cluster: "bench-eu-west-1",
      container: seed.deployment.split("-")[0]!,
      endpoint: "http",
      instance: `10.42.${Math.floor(rng() * 250)}.${Math.floor(rng() * 250)}:8080`,
      job: "kube-state-metrics",
      namespace,
      pod,
      prometheus: "monitoring/kube-prometheus-stack-prometheus",
      reason: rule.reason,
      severity: rule.severity,
    },
    annotations: {
      summary: rule.summary,
      description: `Pod ${namespace}/${pod} (${seed.deployment}) is in state ${rule.reason} for longer than 15 minutes; check its events and recent rollouts.`,
      runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/kubernetes/${rule.alertname.toLowerCase()}`,
    },
    startsAt: new Date(now - Math.floor(rng() * 3_600_000)),
    generatorURL: `http://prometheus.monitoring.svc:9090/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
  };
}
