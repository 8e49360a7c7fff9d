// The cluster's DNS, read when the workload's own logs say names do not resolve: CoreDNS
// (kube-system, k8s-app=kube-dns) crash-looping or OOM-killed answers for every workload at
// once. Summarized as a dependency, never as the workload's own containers' states.
import type { V1Pod } from "@kubernetes/client-node";
import type { ClusterReader } from "@/lib/cluster/port";
import { draft, type Draft } from "@/lib/evidence/draft";
import { isUnhealthy } from "@/lib/evidence/sources/pods";
import { DNS } from "@/lib/rca/rules/patterns";

export const DNS_NAMESPACE = "kube-system";
export const DNS_SELECTOR = "k8s-app=kube-dns";

export const mentionsDnsFailure = (lines: string[]) => lines.some((l) => DNS.test(l));

function state(p: V1Pod): string {
  const c = p.status?.containerStatuses?.[0];
  const now = c?.state?.waiting?.reason ?? (c?.state?.running ? "Running" : (c?.state?.terminated?.reason ?? p.status?.phase ?? "?"));
  const last = c?.lastState?.terminated
    ? `, last terminated ${c.lastState.terminated.reason ?? ""} (exit ${c.lastState.terminated.exitCode})`
    : "";
  return `${p.metadata?.name}: ${now}, restarts ${c?.restartCount ?? 0}${last}`;
}

export async function clusterDnsDrafts(cluster: ClusterReader): Promise<Draft[]> {
  const pods = await cluster.listPods(DNS_NAMESPACE, DNS_SELECTOR);
  if (pods.length === 0) return [];
  const unhealthy = pods.filter(isUnhealthy);
  const lines = [
    `${pods.length} cluster DNS pod(s), ${unhealthy.length} unhealthy`,
    ...[...unhealthy, ...pods.filter((p) => !unhealthy.includes(p))].slice(0, 4).map(state),
  ];
  return [
    draft("service", `Cluster DNS (${DNS_NAMESPACE}, ${DNS_SELECTOR})`, lines, unhealthy.length ? 4.2 : 1.2, [
      {
        kind: "peer",
        host: "cluster DNS",
        service: "kube-dns",
        pods: pods.length,
        unhealthy: unhealthy.length,
        states: unhealthy.slice(0, 3).map(state),
      },
    ]),
  ];
}
