// The pods the sandbox's ReplicaSet controller creates, already scheduled and in the state the
// pod's health hook asks for (Running and Ready unless a test or scenario says otherwise), and
// the order it deletes them in when scaling down: unscheduled and unready pods first, as the
// real controller ranks them, then the newest.
import { randomUUID } from "node:crypto";
import { randomSuffix } from "@/lib/cluster/sandbox/names";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";

export type Container = { name: string; image?: string } & Record<string, unknown>;
export type PodTemplate = {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } & Record<string, unknown>;
  spec?: { containers?: Container[] } & Record<string, unknown>;
};

/** How the pods of a template come up: a later fault simulation can make a bad image crash-loop. */
export type PodHealth = "ready" | { waiting: string; message?: string } | { crashloop: { exitCode: number } };
export type PodHealthHook = (template: PodTemplate) => PodHealth;

type PodStatus = { phase?: string; conditions?: { type: string; status: string }[] };

export function isReady(pod: KubeObject): boolean {
  const status = pod.status as PodStatus | undefined;
  return status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function containerStatus(container: Container, health: PodHealth, pod: string, at: string) {
  const base = { name: container.name, image: container.image ?? "", imageID: "" };
  if (health === "ready") {
    return { ...base, ready: true, started: true, restartCount: 0, state: { running: { startedAt: at } }, lastState: {} };
  }
  if ("waiting" in health) {
    return {
      ...base,
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: health.waiting, message: health.message } },
      lastState: {},
    };
  }
  return {
    ...base,
    ready: false,
    started: false,
    restartCount: 5,
    state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=${container.name} pod=${pod}` } },
    // 137 is SIGKILL: the kernel's OOM killer, as the kubelet reports it.
    lastState: {
      terminated: {
        exitCode: health.crashloop.exitCode,
        reason: health.crashloop.exitCode === 137 ? "OOMKilled" : "Error",
        startedAt: at,
        finishedAt: at,
      },
    },
  };
}

export function newPod(
  replicaSet: KubeObject,
  template: PodTemplate,
  options: { health: PodHealth; nodeName?: string; now: Date; taken: Set<string> },
): KubeObject {
  const rs = replicaSet.metadata as KubeObject["metadata"] & { uid?: string };
  let name: string;
  do name = `${rs.name}-${randomSuffix()}`;
  while (options.taken.has(name));
  options.taken.add(name);

  const at = options.now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const { health } = options;
  const containers = template.spec?.containers ?? [];
  const ready = health === "ready";
  const condition = (type: string, status: boolean) => ({
    type,
    status: status ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: at,
  });
  const unready = ready
    ? {}
    : { reason: "ContainersNotReady", message: `containers with unready status: [${containers.map((c) => c.name).join(" ")}]` };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      generateName: `${rs.name}-`,
      namespace: rs.namespace,
      uid: randomUUID(),
      creationTimestamp: at,
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.name, uid: rs.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: { ...structuredClone(template.spec), ...(options.nodeName ? { nodeName: options.nodeName } : {}) },
    status: {
      phase: health !== "ready" && "waiting" in health ? "Pending" : "Running",
      conditions: [
        condition("Initialized", true),
        { ...condition("Ready", ready), ...unready },
        { ...condition("ContainersReady", ready), ...unready },
        condition("PodScheduled", true),
      ],
      startTime: at,
      containerStatuses: containers.map((container) => containerStatus(container, health, name, at)),
    },
  };
}

/** The pods to delete first when scaling down. */
export function deletionOrder(pods: KubeObject[]): KubeObject[] {
  const rank = (pod: KubeObject) => ((pod.status as PodStatus | undefined)?.phase === "Running" ? 2 : 0) + (isReady(pod) ? 1 : 0);
  const created = (pod: KubeObject) => String((pod.metadata as { creationTimestamp?: string }).creationTimestamp ?? "");
  return [...pods].sort((a, b) => rank(a) - rank(b) || created(b).localeCompare(created(a)));
}
