// `describe_object` for the model's tool loop: an object of the incident's namespace (or a
// Node) as short `path: value` lines, like a terse `kubectl describe`, the telling fields
// first. Config maps show their keys, never their values; everything is redacted by draft().
import "server-only";
import type { ClusterReader } from "@/lib/cluster/port";
import { draft, type Draft } from "@/lib/evidence/draft";

export const describableKinds = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "ReplicaSet",
  "Pod",
  "HorizontalPodAutoscaler",
  "Service",
  "ConfigMap",
  "PersistentVolumeClaim",
  "Node",
] as const;
export type DescribableKind = (typeof describableKinds)[number];

type Obj = { metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<
  string,
  unknown
>;

// Which parts of each kind to show, in reading order.
const fields: Record<DescribableKind, string[]> = {
  Deployment: ["spec.replicas", "status", "spec.template.spec.containers", "metadata.annotations", "spec.strategy"],
  StatefulSet: ["spec.replicas", "status", "spec.template.spec.containers", "spec.volumeClaimTemplates"],
  DaemonSet: ["status", "spec.template.spec.containers", "spec.template.spec.tolerations", "spec.updateStrategy"],
  Job: [
    "status",
    "spec.completions",
    "spec.parallelism",
    "spec.backoffLimit",
    "spec.activeDeadlineSeconds",
    "spec.template.spec.containers",
  ],
  CronJob: ["spec.schedule", "spec.suspend", "spec.concurrencyPolicy", "status", "spec.jobTemplate.spec.template.spec.containers"],
  ReplicaSet: ["spec.replicas", "status", "spec.template.spec.containers", "metadata.annotations"],
  Pod: [
    "status.phase",
    "status.reason",
    "status.message",
    "spec.nodeName",
    "status.containerStatuses",
    "status.conditions",
    "spec.containers",
  ],
  HorizontalPodAutoscaler: ["spec", "status"],
  Service: ["spec.type", "spec.selector", "spec.ports", "status"],
  ConfigMap: [],
  PersistentVolumeClaim: ["spec", "status"],
  Node: ["status.conditions", "status.capacity", "status.allocatable", "spec.taints", "spec.unschedulable"],
};

// Noise a person skips in `kubectl get -o yaml`.
const SKIP = new Set([
  "managedFields",
  "uid",
  "selfLink",
  "kubectl.kubernetes.io/last-applied-configuration",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "imagePullPolicy",
  "lastProbeTime",
  "dnsPolicy",
  "containerID",
  "imageID",
  "lastTransitionTime",
  "lastUpdateTime",
  "lastHeartbeatTime",
  "successThreshold",
  "timeoutSeconds",
  "scheme",
]);

export async function describeObject(cluster: ClusterReader, namespace: string, kind: DescribableKind, name: string): Promise<Draft> {
  const object = await fetchObject(cluster, namespace, kind, name);
  if (!object) throw new Error(`no ${kind} ${name} in ${kind === "Node" ? "the cluster" : `namespace ${namespace}`}`);
  const lines =
    kind === "ConfigMap"
      ? [`keys: ${Object.keys((object.data as Record<string, string> | undefined) ?? {}).join(", ") || "(none)"}`]
      : fields[kind].flatMap((path) => flatten(pick(object, path), path));
  const where = kind === "Node" ? name : `${namespace}/${name}`;
  return draft(kind === "Node" ? "node" : "workload", `${kind} ${where}`, lines.length ? lines : ["(no fields)"], 2);
}

async function fetchObject(cluster: ClusterReader, ns: string, kind: DescribableKind, name: string): Promise<Obj | null> {
  const named = <T extends { metadata?: { name?: string } }>(list: T[]) =>
    (list.find((o) => o.metadata?.name === name) ?? null) as Obj | null;
  switch (kind) {
    case "Deployment":
      return (await cluster.getDeployment(ns, name)) as Obj | null;
    case "StatefulSet":
      return (await cluster.getStatefulSet(ns, name)) as Obj | null;
    case "DaemonSet":
      return (await cluster.getDaemonSet(ns, name)) as Obj | null;
    case "Job":
      return (await cluster.getJob(ns, name)) as Obj | null;
    case "CronJob":
      return (await cluster.getCronJob(ns, name)) as Obj | null;
    case "ReplicaSet":
      return named(await cluster.listReplicaSets(ns));
    case "Pod":
      return named(await cluster.listPods(ns));
    case "HorizontalPodAutoscaler":
      return named(await cluster.listHorizontalPodAutoscalers(ns));
    case "Service":
      return named(await cluster.listServices(ns));
    case "ConfigMap":
      return named(await cluster.listConfigMaps(ns));
    case "PersistentVolumeClaim":
      return named(await cluster.listPersistentVolumeClaims(ns));
    case "Node":
      return (await cluster.getNode(name)) as Obj | null;
  }
}

function pick(object: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((o, key) => (o && typeof o === "object" ? (o as Record<string, unknown>)[key] : undefined), object);
}

/**
 * `path: value` lines. Arrays of named things (containers, env, conditions) use the name or
 * type instead of the index, and an object of plain values reads as one line `k=v, k=v`.
 */
export function flatten(value: unknown, path: string): string[] {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => {
      const o = v && typeof v === "object" ? (v as Record<string, unknown>) : null;
      const label = typeof o?.name === "string" ? o.name : typeof o?.type === "string" ? o.type : String(i);
      if (!o) return flatten(v, `${path}[${label}]`);
      // The label already names it.
      const rest = Object.fromEntries(
        Object.entries(o).filter(([k]) => !(k === "name" && label === o.name) && !(k === "type" && label === o.type)),
      );
      return flatten(rest, `${path}[${label}]`);
    });
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([key, v]) => !SKIP.has(key) && v !== undefined && v !== null && v !== "",
    );
    if (entries.length > 1 && entries.length <= 6 && entries.every(([, v]) => typeof v !== "object")) {
      return [line(path, entries.map(([k, v]) => `${k}=${String(v)}`).join(", "))];
    }
    return entries.flatMap(([key, v]) => flatten(v, `${path}.${key}`));
  }
  return [line(path, String(value))];
}

function line(path: string, text: string): string {
  return `${path.replace(/^(spec\.jobTemplate\.spec\.template\.spec|spec\.template\.spec|status|spec|metadata)\./, "")}: ${text.length > 160 ? `${text.slice(0, 159)}…` : text}`;
}
