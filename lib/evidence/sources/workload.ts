// Resolves which workload the incident is about (labels first, then a pod's owner chain:
// ReplicaSet → Deployment, StatefulSet, DaemonSet, Job; a pod whose owner the cluster does not
// hold is its own subject) and describes it: replicas or completions, images, resources,
// probes, init containers and conditions.
import type {
  V1Container,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1Pod,
  V1PodTemplateSpec,
  V1StatefulSet,
} from "@kubernetes/client-node";
import type { ClusterReader } from "@/lib/cluster/port";
import type { Subject } from "@/lib/evidence/types";
import type { WorkloadKind } from "@/lib/scenarios/schema";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";
import { workloadFromLabels } from "@/lib/alerts/workload";
import { labelSelectorString } from "@/lib/cluster/selector";

export type WorkloadObject = V1Deployment | V1StatefulSet | V1DaemonSet | V1Job | V1CronJob | V1Pod;
export type ResolvedWorkload = { subject: Subject; object: WorkloadObject | null };

const controllerKinds: WorkloadKind[] = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

async function getWorkload(cluster: ClusterReader, kind: WorkloadKind, namespace: string, name: string): Promise<WorkloadObject | null> {
  if (kind === "Deployment") return cluster.getDeployment(namespace, name);
  if (kind === "StatefulSet") return cluster.getStatefulSet(namespace, name);
  if (kind === "DaemonSet") return cluster.getDaemonSet(namespace, name);
  if (kind === "Job") return cluster.getJob(namespace, name);
  if (kind === "CronJob") return cluster.getCronJob(namespace, name);
  return (await cluster.listPods(namespace)).find((p) => p.metadata?.name === name) ?? null;
}

/** The pod's controller as the subject: its Deployment (through the ReplicaSet), StatefulSet,
 * DaemonSet or Job; the pod itself when it has none, or when the owner is gone. */
async function ownerOf(cluster: ClusterReader, namespace: string, pod: V1Pod): Promise<ResolvedWorkload> {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller !== false) ?? pod.metadata?.ownerReferences?.[0];
  if (owner?.kind === "ReplicaSet") {
    const rs = (await cluster.listReplicaSets(namespace)).find((r) => r.metadata?.name === owner.name);
    const deploymentName = rs?.metadata?.ownerReferences?.find((o) => o.kind === "Deployment")?.name;
    const deployment = deploymentName ? await cluster.getDeployment(namespace, deploymentName) : null;
    if (deployment && deploymentName)
      return { subject: subjectOf(namespace, deploymentName, "Deployment", deployment), object: deployment };
  } else if (owner && (controllerKinds as string[]).includes(owner.kind)) {
    const object = await getWorkload(cluster, owner.kind as WorkloadKind, namespace, owner.name);
    if (object) return { subject: subjectOf(namespace, owner.name, owner.kind as WorkloadKind, object), object };
  }
  const name = pod.metadata?.name ?? "unknown";
  return { subject: subjectOf(namespace, name, "Pod", pod), object: pod };
}

export async function resolveWorkload(cluster: ClusterReader, labelSets: Record<string, string>[]): Promise<ResolvedWorkload> {
  const refs = labelSets.map(workloadFromLabels);
  const namespace = refs.find((r) => r.namespace)?.namespace ?? "default";
  // Named workloads first (the label's own kind first), then whatever a pod's name suggests.
  const named = refs.filter((r) => r.name && r.kind !== "Pod");
  const tried = new Set<string>();
  for (const ref of named) {
    const kinds = [
      ...new Set([
        ...(ref.kind && (controllerKinds as string[]).includes(ref.kind) ? [ref.kind as WorkloadKind] : []),
        "Deployment",
        "StatefulSet",
      ] as WorkloadKind[]),
    ];
    for (const kind of kinds) {
      const key = `${kind}/${ref.name}`;
      if (tried.has(key)) continue;
      tried.add(key);
      const object = await getWorkload(cluster, kind, namespace, ref.name!);
      if (object) return { subject: subjectOf(namespace, ref.name!, kind, object), object };
    }
  }
  // An autoscaler's alert names the autoscaler: its target is the workload.
  const hpaName = labelSets.find((l) => l.horizontalpodautoscaler)?.horizontalpodautoscaler;
  if (hpaName) {
    const target = (await cluster.listHorizontalPodAutoscalers(namespace)).find((h) => h.metadata?.name === hpaName)?.spec?.scaleTargetRef;
    if (target && (controllerKinds as string[]).includes(target.kind)) {
      const object = await getWorkload(cluster, target.kind as WorkloadKind, namespace, target.name);
      if (object) return { subject: subjectOf(namespace, target.name, target.kind as WorkloadKind, object), object };
    }
  }
  // A volume's alert names the claim: the workload is whoever mounts it.
  const claim = labelSets.find((l) => l.persistentvolumeclaim)?.persistentvolumeclaim;
  if (claim) {
    const pods = await cluster.listPods(namespace);
    // A StatefulSet names each claim <template>-<pod>: data-kafka-0 belongs to kafka-0.
    const mounting =
      pods.find((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim)) ??
      pods.find((p) => claim.endsWith(`-${p.metadata?.name}`));
    if (mounting) return ownerOf(cluster, namespace, mounting);
  }
  // A finished Job is often deleted while its pods remain: they still carry its name.
  const job = named.find((r) => r.kind === "Job");
  if (job) {
    const pods = await cluster.listPods(namespace);
    const subject: Subject = { namespace, name: job.name!, kind: "Job", replicas: null, selector: null };
    if (pods.some((p) => ownsPod(subject, null, p, new Set()))) return { subject, object: null };
  }
  // A pod label: follow its owners, whatever its name suggested.
  const podName = labelSets.find((l) => l.pod)?.pod;
  if (podName) {
    const pod = (await cluster.listPods(namespace)).find((p) => p.metadata?.name === podName);
    if (pod) return ownerOf(cluster, namespace, pod);
  }
  const name = named[0]?.name ?? refs.find((r) => r.name)?.name;
  return { subject: { namespace, name: name ?? "unknown", kind: "unknown", replicas: null, selector: null }, object: null };
}

function subjectOf(namespace: string, name: string, kind: WorkloadKind, o: WorkloadObject): Subject {
  const spec = (
    o as {
      spec?: { replicas?: number; selector?: V1Deployment["spec"] extends infer S ? (S extends { selector: infer L } ? L : never) : never };
    }
  ).spec;
  const replicas = kind === "Deployment" || kind === "StatefulSet" ? (spec?.replicas ?? null) : null;
  const selector = kind === "Pod" || kind === "CronJob" ? null : labelSelectorString(spec?.selector);
  return { namespace, name, kind, replicas, selector };
}

/** The pod template the workload runs (a bare pod is its own). */
export function templateOf(object: WorkloadObject | null, kind: Subject["kind"]): V1PodTemplateSpec | undefined {
  if (!object) return undefined;
  if (kind === "Pod") return { metadata: object.metadata, spec: (object as V1Pod).spec };
  if (kind === "CronJob") return (object as V1CronJob).spec?.jobTemplate?.spec?.template;
  return (object as V1Deployment).spec?.template;
}

/** Whether a pod belongs to the subject: its selector, else its owner chain by name. */
export function ownsPod(subject: Subject, object: WorkloadObject | null, pod: V1Pod, alertPods: Set<string>): boolean {
  const name = pod.metadata?.name ?? "";
  if (subject.kind === "Pod") return name === subject.name;
  const owners = pod.metadata?.ownerReferences ?? [];
  // A Job's pods carry its name (owner, job-name label) even where its selector's uid differs.
  if (subject.kind === "Job")
    return owners.some((o) => o.kind === "Job" && o.name === subject.name) || pod.metadata?.labels?.["job-name"] === subject.name;
  const matchLabels = Object.entries((object as V1Deployment | null)?.spec?.selector?.matchLabels ?? {});
  if (matchLabels.length && subject.kind !== "CronJob") return matchLabels.every(([k, v]) => pod.metadata?.labels?.[k] === v);
  // A CronJob's pods belong to its Jobs, named <cronjob>-<schedule time>.
  if (subject.kind === "CronJob") return owners.some((o) => o.kind === "Job" && o.name.startsWith(`${subject.name}-`));
  if (subject.kind === "unknown") return alertPods.has(name);
  return owners.some((o) => o.kind === subject.kind && o.name === subject.name) || alertPods.has(name);
}

function probeLine(kind: string, p: V1Container["livenessProbe"]): string | null {
  if (!p) return null;
  const how = p.httpGet
    ? `GET ${p.httpGet.path ?? "/"}:${p.httpGet.port}`
    : p.tcpSocket
      ? `tcp ${p.tcpSocket.port}`
      : p.exec
        ? `exec ${(p.exec.command ?? []).join(" ").slice(0, 80)}`
        : "grpc";
  return `${kind} probe ${how} initialDelay=${p.initialDelaySeconds ?? 0}s period=${p.periodSeconds ?? 10}s timeout=${p.timeoutSeconds ?? 1}s failureThreshold=${p.failureThreshold ?? 3}`;
}

/** What the controller says of its progress, by kind. */
function progressLine(kind: Subject["kind"], object: WorkloadObject): { line: string; healthy: boolean } {
  const status = (object.status ?? {}) as Record<string, number | undefined>;
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  if (kind === "DaemonSet") {
    const desired = status.desiredNumberScheduled ?? 0;
    return {
      line: `pods: desired ${desired}, ready ${status.numberReady ?? 0}, unavailable ${status.numberUnavailable ?? 0}, misscheduled ${status.numberMisscheduled ?? 0}`,
      healthy: (status.numberReady ?? 0) >= desired,
    };
  }
  if (kind === "Job") {
    const failed = status.failed ?? 0;
    return {
      line: `completions ${spec.completions ?? 1}, active ${status.active ?? 0}, succeeded ${status.succeeded ?? 0}, failed ${failed}, backoffLimit ${spec.backoffLimit ?? 6}`,
      healthy: failed === 0,
    };
  }
  if (kind === "CronJob") {
    const s = object.status as V1CronJob["status"];
    return {
      line: `schedule "${spec.schedule}", suspend ${spec.suspend ?? false}, active ${s?.active?.length ?? 0}, last scheduled ${s?.lastScheduleTime ? new Date(s.lastScheduleTime).toISOString() : "never"}, last successful ${s?.lastSuccessfulTime ? new Date(s.lastSuccessfulTime).toISOString() : "never"}`,
      healthy: true,
    };
  }
  if (kind === "Pod") {
    const s = (object as V1Pod).status;
    return {
      line: `phase ${s?.phase ?? "?"}${s?.reason ? ` (${s.reason})` : ""}${s?.message ? `: ${s.message}` : ""}; node ${(object as V1Pod).spec?.nodeName ?? "none"}`,
      healthy: s?.phase === "Running" || s?.phase === "Succeeded",
    };
  }
  const available = "availableReplicas" in status ? (status.availableReplicas ?? 0) : "?";
  return {
    line: `replicas: desired ${spec.replicas ?? "?"}, ready ${status.readyReplicas ?? 0}, updated ${status.updatedReplicas ?? 0}, available ${available}`,
    healthy: (status.readyReplicas ?? 0) >= Number(spec.replicas ?? 0),
  };
}

export function workloadDraft(resolved: ResolvedWorkload): Draft | null {
  const { subject, object } = resolved;
  if (!object) return null;
  const template = templateOf(object, subject.kind);
  const progress = progressLine(subject.kind, object);
  const lines: string[] = [progress.line];
  const facts: DraftFact[] = [];
  const containers = [
    ...(template?.spec?.initContainers ?? []).map((c) => ({ c, init: true })),
    ...(template?.spec?.containers ?? []).map((c) => ({ c, init: false })),
  ];
  for (const { c, init } of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    lines.push(
      `${init ? "init container" : "container"} ${c.name}: image ${c.image}; requests cpu=${requests.cpu ?? "-"} memory=${requests.memory ?? "-"}; limits cpu=${limits.cpu ?? "-"} memory=${limits.memory ?? "-"}`,
    );
    // What it runs: a wrong script or an endless allocation shows here, not in any status.
    const command = [...(c.command ?? []), ...(c.args ?? [])].join(" ").replace(/\s+/g, " ").trim();
    if (command) lines.push(`  command: ${command.length > 200 ? `${command.slice(0, 199)}…` : command}`);
    for (const [kind, probe] of [
      ["liveness", c.livenessProbe],
      ["readiness", c.readinessProbe],
      ["startup", c.startupProbe],
    ] as const) {
      const line = probeLine(kind, probe);
      if (!line || !probe) continue;
      lines.push(`  ${line}`);
      facts.push({
        kind: "probe",
        pod: subject.name,
        container: c.name,
        probe: kind,
        initialDelaySeconds: probe.initialDelaySeconds ?? 0,
        periodSeconds: probe.periodSeconds ?? 10,
        failureThreshold: probe.failureThreshold ?? 3,
      });
    }
  }
  // Where it may run: a selector or affinity no node matches keeps pods Pending.
  const placement = template?.spec;
  const selector = Object.entries(placement?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`);
  if (selector.length) lines.push(`nodeSelector: ${selector.join(", ")}`);
  const required = placement?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const terms = required.flatMap((t) => (t.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join(",")}`));
  if (terms.length) lines.push(`required node affinity: ${terms.join("; ").slice(0, 200)}`);
  if (placement?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length)
    lines.push(
      `required pod anti-affinity on ${placement.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.map((t) => t.topologyKey).join(", ")}`,
    );
  for (const cond of (object.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] } | undefined)
    ?.conditions ?? []) {
    const telling =
      cond.status === "True"
        ? cond.type !== "Ready" && cond.type !== "Initialized" && cond.type !== "ContainersReady" && cond.type !== "PodScheduled"
        : cond.type === "ReplicaFailure" || subject.kind === "Pod";
    if (!telling) continue;
    lines.push(`condition ${cond.type}=${cond.status} (${cond.reason ?? ""}): ${cond.message ?? ""}`);
    if (subject.kind === "Job" && cond.type === "Failed" && cond.status === "True")
      facts.push({ kind: "job", failed: true, reason: cond.reason ?? "", message: cond.message ?? "" });
  }
  return draft("workload", `${subject.kind} ${subject.namespace}/${subject.name}`, lines, progress.healthy ? 2 : 3.5, facts);
}
