// Resolves which workload the incident is about (labels first, then a pod's owner chain)
// and describes it: replicas, images, resources, probes and rollout conditions.
import type { V1Deployment, V1PodTemplateSpec, V1StatefulSet } from "@kubernetes/client-node";
import type { ClusterReader } from "@/lib/cluster/port";
import type { Subject } from "@/lib/evidence/types";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";
import { workloadFromLabels } from "@/lib/alerts/workload";
import { labelSelectorString } from "@/lib/cluster/selector";

export type ResolvedWorkload = { subject: Subject; object: V1Deployment | V1StatefulSet | null };

export async function resolveWorkload(cluster: ClusterReader, labelSets: Record<string, string>[]): Promise<ResolvedWorkload> {
  const refs = labelSets.map(workloadFromLabels);
  const namespace = refs.find((r) => r.namespace)?.namespace ?? "default";
  const candidates = [...new Set(refs.map((r) => r.name).filter(Boolean) as string[])];
  for (const name of candidates) {
    const deployment = await cluster.getDeployment(namespace, name);
    if (deployment) return { subject: subjectOf(namespace, name, "Deployment", deployment), object: deployment };
    const statefulSet = await cluster.getStatefulSet(namespace, name);
    if (statefulSet) return { subject: subjectOf(namespace, name, "StatefulSet", statefulSet), object: statefulSet };
  }
  // A pod label whose name does not follow the usual pattern: follow its owners.
  const podName = labelSets.find((l) => l.pod)?.pod;
  if (podName) {
    const pod = (await cluster.listPods(namespace)).find((p) => p.metadata?.name === podName);
    const rsName = pod?.metadata?.ownerReferences?.find((o) => o.kind === "ReplicaSet")?.name;
    const rs = rsName ? (await cluster.listReplicaSets(namespace)).find((r) => r.metadata?.name === rsName) : undefined;
    const deploymentName = rs?.metadata?.ownerReferences?.find((o) => o.kind === "Deployment")?.name;
    const deployment = deploymentName ? await cluster.getDeployment(namespace, deploymentName) : null;
    if (deployment && deploymentName) return { subject: subjectOf(namespace, deploymentName, "Deployment", deployment), object: deployment };
  }
  return { subject: { namespace, name: candidates[0] ?? "unknown", kind: "unknown", replicas: null, selector: null }, object: null };
}

function subjectOf(namespace: string, name: string, kind: Subject["kind"], o: V1Deployment | V1StatefulSet): Subject {
  return { namespace, name, kind, replicas: o.spec?.replicas ?? null, selector: labelSelectorString(o.spec?.selector) };
}

function probeLine(kind: string, p: NonNullable<V1PodTemplateSpec["spec"]>["containers"][number]["livenessProbe"]): string | null {
  if (!p) return null;
  const how = p.httpGet ? `GET ${p.httpGet.path ?? "/"}:${p.httpGet.port}` : p.tcpSocket ? `tcp ${p.tcpSocket.port}` : p.exec ? "exec" : "grpc";
  return `${kind} probe ${how} initialDelay=${p.initialDelaySeconds ?? 0}s period=${p.periodSeconds ?? 10}s timeout=${p.timeoutSeconds ?? 1}s failureThreshold=${p.failureThreshold ?? 3}`;
}

export function workloadDraft(resolved: ResolvedWorkload): Draft | null {
  const { subject, object } = resolved;
  if (!object) return null;
  const status = object.status ?? {};
  const template = object.spec?.template;
  const lines: string[] = [
    `replicas: desired ${object.spec?.replicas ?? "?"}, ready ${status.readyReplicas ?? 0}, updated ${status.updatedReplicas ?? 0}, available ${"availableReplicas" in status ? (status.availableReplicas ?? 0) : "?"}`,
  ];
  const facts: DraftFact[] = [];
  for (const c of template?.spec?.containers ?? []) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    lines.push(`container ${c.name}: image ${c.image}; requests cpu=${requests.cpu ?? "-"} memory=${requests.memory ?? "-"}; limits cpu=${limits.cpu ?? "-"} memory=${limits.memory ?? "-"}`);
    for (const [kind, probe] of [["liveness", c.livenessProbe], ["readiness", c.readinessProbe], ["startup", c.startupProbe]] as const) {
      const line = probeLine(kind, probe);
      if (!line || !probe) continue;
      lines.push(`  ${line}`);
      facts.push({ kind: "probe", pod: subject.name, container: c.name, probe: kind, initialDelaySeconds: probe.initialDelaySeconds ?? 0, periodSeconds: probe.periodSeconds ?? 10, failureThreshold: probe.failureThreshold ?? 3 });
    }
  }
  for (const cond of (status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] }).conditions ?? []) {
    if (cond.status !== "True" || cond.type === "ReplicaFailure") lines.push(`condition ${cond.type}=${cond.status} (${cond.reason ?? ""}): ${cond.message ?? ""}`);
  }
  const healthy = (status.readyReplicas ?? 0) >= (object.spec?.replicas ?? 0);
  return draft("workload", `${subject.kind} ${subject.namespace}/${subject.name}`, lines, healthy ? 2 : 3.5, facts);
}
