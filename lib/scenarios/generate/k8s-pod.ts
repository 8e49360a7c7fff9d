// Pods as the API server returns them: container states (running, waiting, terminated with
// lastState), the CrashLoopBackOff back-off message kubelet writes, conditions and owner refs.
import { seededRng } from "@/lib/random";
import { ip } from "./names";
import { hex32 } from "./rng";
import { goDuration, iso, SEC } from "./time";
import type { ContainerSpec, CStatus, NodePlan, Obj, PodPlan, World } from "./types";

export function running(since: number, restartCount = 0, lastState: Obj = {}, ready = true): CStatus {
  return { restartCount, ready, started: true, state: { running: { startedAt: iso(since) } }, lastState };
}

export function terminated(reason: string, exitCode: number, start: number, end: number, message?: string): Obj {
  return { terminated: { exitCode, reason, ...(message ? { message } : {}), startedAt: iso(start), finishedAt: iso(end) } };
}

export function waiting(reason: string, message?: string, restartCount = 0, lastState: Obj = {}): CStatus {
  return { restartCount, ready: false, started: false, state: { waiting: { reason, ...(message ? { message } : {}) } }, lastState };
}

/** kubelet's crash back-off: 10s doubling per restart, capped at 5m. */
export function backoff(restarts: number): string {
  return goDuration(Math.min(10 * SEC * 2 ** Math.max(0, restarts - 1), 300 * SEC));
}

export function crashLoop(pod: PodPlan, container: string, restarts: number, last: Obj): CStatus {
  const msg = `back-off ${backoff(restarts)} restarting failed container=${container} pod=${pod.name}_${pod.ns}(${pod.uid})`;
  return waiting("CrashLoopBackOff", msg, restarts, last);
}

export function newPod(
  w: World,
  o: {
    name: string;
    labels: Record<string, string>;
    owner?: PodPlan["owner"];
    createdAt: number;
    node?: NodePlan;
    containers: ContainerSpec[];
    init?: ContainerSpec[];
    spec?: Obj;
  },
): PodPlan {
  const { g } = w;
  const start = o.createdAt + g.int(2, 9) * SEC;
  let t = start;
  const init = (o.init ?? []).map((spec) => {
    const s = t;
    t += g.int(1, 6) * SEC;
    return {
      spec,
      status: { restartCount: 0, ready: false, started: false, state: terminated("Completed", 0, s, t), lastState: {} } as CStatus,
    };
  });
  return {
    name: o.name,
    ns: w.ns,
    uid: g.uid(),
    createdAt: o.createdAt,
    labels: o.labels,
    owner: o.owner,
    nodeName: o.node?.name,
    podIP: ip(g, w.cluster.podNet),
    init,
    containers: o.containers.map((spec) => ({ spec, status: running(t + SEC) })),
    phase: "Running",
    spec: o.spec ?? {},
  };
}

/** When the first app container started: where its current log begins. */
export function startedAt(pod: PodPlan, container?: string): number {
  const c = pod.containers.find((x) => !container || x.spec.name === container) ?? pod.containers[0];
  const s = (c?.status?.state.running as Obj | undefined)?.startedAt;
  return typeof s === "string" ? Date.parse(s) : pod.createdAt;
}

function statusOf(w: World, spec: ContainerSpec, st: CStatus): Obj {
  const cid = () => `containerd://${w.g.hex(64)}`;
  const withId = (state: Obj) => (state.terminated ? { terminated: { ...(state.terminated as Obj), containerID: cid() } } : state);
  const live = st.state.running || st.state.terminated;
  return {
    name: spec.name,
    state: withId(st.state),
    lastState: withId(st.lastState),
    ready: st.ready,
    restartCount: st.restartCount,
    image: spec.image,
    imageID: live || st.restartCount > 0 ? `${spec.image.replace(/:[^/:]+$/, "")}@sha256:${digest(spec.image)}` : "",
    ...(live ? { containerID: cid() } : {}),
    started: st.started ?? Boolean(st.state.running),
  };
}

const digests = new Map<string, string>();

/** A stable digest per image reference, so every pod of one image reports the same imageID. */
export function digest(image: string): string {
  const hit = digests.get(image);
  if (hit) return hit;
  if (digests.size > 50_000) digests.clear();
  // FNV-1a of the reference seeds mulberry32, which stretches it to 64 hex digits.
  let h = 0x811c9dc5;
  for (let i = 0; i < image.length; i++) h = Math.imul(h ^ image.charCodeAt(i), 0x01000193) >>> 0;
  const next = seededRng(h);
  let out = "";
  while (out.length < 64) out += hex32(next() * 0x100000000);
  out = out.slice(0, 64);
  digests.set(image, out);
  return out;
}

function lastChange(p: PodPlan): number {
  let t = p.createdAt;
  for (const c of p.containers) {
    const st = c.status;
    const fin = (st?.lastState.terminated as Obj | undefined)?.finishedAt ?? (st?.state.terminated as Obj | undefined)?.finishedAt;
    if (typeof fin === "string") t = Math.max(t, Date.parse(fin));
  }
  return t;
}

// The admission defaults every pod gets; shared (the scenario is plain data, never mutated).
const DEFAULT_TOLERATIONS = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

export function podReady(p: PodPlan): boolean {
  const initDone = p.init.every((c) => Boolean(c.status?.state.terminated && (c.status.state.terminated as Obj).exitCode === 0));
  return (
    !p.unschedulable &&
    initDone &&
    p.containers.every((c) => c.status?.ready) &&
    !p.forceNotReady &&
    p.phase === "Running" &&
    !p.deletionTimestamp
  );
}

export function renderPod(w: World, p: PodPlan): Obj {
  const cond = (type: string, ok: boolean, at: number, reason?: string, message?: string) => ({
    type,
    status: ok ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: iso(at),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  });
  const scheduled = !p.unschedulable;
  const initDone = p.init.every((c) => Boolean(c.status?.state.terminated && (c.status.state.terminated as Obj).exitCode === 0));
  const unready = p.containers.filter((c) => !c.status?.ready).map((c) => c.spec.name);
  const ready = podReady(p);
  const at = lastChange(p);
  const notReadyMsg = unready.length ? `containers with unready status: [${unready.join(" ")}]` : undefined;
  const conditions = scheduled
    ? [
        cond("PodReadyToStartContainers", p.phase !== "Failed", p.createdAt + 2 * SEC),
        cond(
          "Initialized",
          initDone,
          p.createdAt + SEC,
          initDone ? undefined : "ContainersNotInitialized",
          initDone
            ? undefined
            : `containers with incomplete status: [${p.init
                .filter((c) => !c.status?.state.terminated)
                .map((c) => c.spec.name)
                .join(" ")}]`,
        ),
        cond("Ready", ready, ready ? at + 20 * SEC : at, ready ? undefined : "ContainersNotReady", ready ? undefined : notReadyMsg),
        cond(
          "ContainersReady",
          ready || (unready.length === 0 && !p.forceNotReady),
          ready ? at + 20 * SEC : at,
          ready ? undefined : "ContainersNotReady",
          ready ? undefined : notReadyMsg,
        ),
        cond("PodScheduled", true, p.createdAt),
      ]
    : [cond("PodScheduled", false, p.createdAt, "Unschedulable", p.unschedulable)];
  const specs = (list: PodPlan["containers"]) => list.map((c) => c.spec);
  const node = w.nodes.find((n) => n.name === p.nodeName);
  const res = (c: ContainerSpec) => c.resources as { limits?: Obj; requests?: Obj } | undefined;
  const guaranteed = p.containers.every((c) => JSON.stringify(res(c.spec)?.limits) === JSON.stringify(res(c.spec)?.requests));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      ...(p.owner && p.owner.kind !== "StatefulSet" ? { generateName: p.name.replace(/[^-]+$/, "") } : {}),
      namespace: p.ns,
      uid: p.uid,
      resourceVersion: String(w.g.int(10_000_000, 99_999_999)),
      creationTimestamp: iso(p.createdAt),
      ...(p.deletionTimestamp ? { deletionTimestamp: iso(p.deletionTimestamp), deletionGracePeriodSeconds: 30 } : {}),
      labels: p.labels,
      ...(p.owner ? { ownerReferences: [{ ...p.owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: {
      ...(p.init.length ? { initContainers: specs(p.init) } : {}),
      containers: specs(p.containers),
      restartPolicy: p.owner?.kind === "Job" ? "Never" : "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      serviceAccountName: p.labels["app.kubernetes.io/name"] ?? "default",
      ...(p.nodeName ? { nodeName: p.nodeName } : {}),
      schedulerName: "default-scheduler",
      tolerations: DEFAULT_TOLERATIONS,
      ...p.spec,
    },
    status: {
      phase: p.phase,
      ...(p.reason ? { reason: p.reason } : {}),
      ...(p.message ? { message: p.message } : {}),
      conditions,
      ...(scheduled && node ? { hostIP: node.ip, hostIPs: [{ ip: node.ip }] } : {}),
      ...(scheduled && p.podIP && p.phase !== "Failed" ? { podIP: p.podIP, podIPs: [{ ip: p.podIP }] } : {}),
      ...(scheduled ? { startTime: iso(p.createdAt) } : {}),
      ...(p.init.length && scheduled
        ? { initContainerStatuses: p.init.map((c) => statusOf(w, c.spec, c.status ?? waiting("PodInitializing"))) }
        : {}),
      ...(scheduled ? { containerStatuses: p.containers.map((c) => statusOf(w, c.spec, c.status ?? waiting("PodInitializing"))) } : {}),
      qosClass: guaranteed ? "Guaranteed" : "Burstable",
    },
  };
}
