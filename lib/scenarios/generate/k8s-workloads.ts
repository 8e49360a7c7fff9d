// Workload plans: Deployments with ReplicaSet revisions, StatefulSets, DaemonSets, Jobs,
// CronJob-owned Jobs and bare Pods, with pods named and labelled the way their controllers do.
import type { WorkloadKind } from "@/lib/scenarios/schema";
import { newPod } from "./k8s-pod";
import { K8S_ALPHABET } from "./rng";
import { DAY, HOUR, MIN, SEC } from "./time";
import type { App, ContainerSpec, NodePlan, Obj, PodPlan, Revision, Workload, World } from "./types";

export type Build = (version: string) => { containers: ContainerSpec[]; init: ContainerSpec[] };
export type WorkloadOpts = {
  kind: WorkloadKind;
  name: string;
  app: App;
  version: string;
  build: Build;
  replicas?: number;
  /** When the current revision rolled out (its pods start then). */
  revisionAt?: number;
  /** How many older revisions the Deployment keeps (0 = first revision). */
  history?: number;
  podSpec?: Obj;
  cronJob?: boolean;
};

export function createWorkload(w: World, o: WorkloadOpts): Workload {
  const { g } = w;
  const revisionAt = o.revisionAt ?? w.now - g.int(2, 40) * DAY - g.int(0, 23) * HOUR;
  const history = o.history ?? (o.kind === "Deployment" ? g.int(1, 3) : 0);
  const createdAt = revisionAt - (history + 1) * g.int(3, 30) * DAY;
  const labels = { "app.kubernetes.io/name": o.name };
  const extraLabels: Record<string, string> = g.chance(0.6)
    ? {
        "app.kubernetes.io/instance": o.name,
        "app.kubernetes.io/managed-by": "Helm",
        "helm.sh/chart": `${o.name}-${g.int(0, 3)}.${g.int(0, 20)}.${g.int(0, 9)}`,
      }
    : { "app.kubernetes.io/part-of": w.ns, team: w.team };
  const isJob = o.kind === "Job" || o.kind === "CronJob" || o.cronJob;
  const wl: Workload = {
    kind: o.kind === "CronJob" ? "Job" : o.kind,
    name: o.name,
    ns: w.ns,
    uid: g.uid(),
    createdAt: isJob ? revisionAt : createdAt,
    labels,
    extraLabels,
    app: o.app,
    replicas: isJob || o.kind === "Pod" ? 1 : o.kind === "DaemonSet" ? w.nodes.length : (o.replicas ?? g.int(2, 6)),
    revisions: [],
    pods: [],
    podSpec: o.podSpec ?? {},
  };
  if (o.kind === "CronJob" || o.cronJob) {
    const every = g.pick([5, 10, 15, 30, 60]);
    const cronName = o.name;
    wl.name = `${cronName}-${Math.floor(revisionAt / MIN)}`;
    wl.cron = {
      name: cronName,
      uid: g.uid(),
      schedule: every === 60 ? `${g.int(0, 59)} * * * *` : `*/${every} * * * *`,
      createdAt: createdAt - 30 * DAY,
      lastSchedule: revisionAt,
    };
  }
  if (isJob) wl.job = { backoffLimit: g.pick([0, 2, 3, 4, 6]), completions: 1, parallelism: 1, startTime: revisionAt };
  for (let i = history; i >= 0; i--) {
    const at = i === 0 ? revisionAt : revisionAt - i * g.int(2, 20) * DAY - g.int(0, 20) * HOUR;
    const v = i === 0 ? o.version : olderVersion(o.version, i);
    addRevision(w, wl, o.build(v), at, v);
  }
  w.workloads.push(wl);
  w.names.push(o.name);
  return wl;
}

function olderVersion(v: string, i: number): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (v.startsWith("build-")) return `build-${Number(v.slice(6)) - i * 7}`;
  // An older commit: a different short sha, derived so it is stable.
  if (v.startsWith("sha-")) return `sha-${(parseInt(v.slice(4), 16) ^ (0x5bd1e99 * i)).toString(16).padStart(7, "0").slice(-7)}`;
  if (!m) return `${v}-${i}`;
  const [, p, a, b, c] = m;
  return Number(c) >= i ? `${p}${a}.${b}.${Number(c) - i}` : `${p}${a}.${Math.max(0, Number(b) - i)}.${i + 2}`;
}

/** Adds a revision (a new ReplicaSet / controller revision) and makes it current. */
export function addRevision(
  w: World,
  wl: Workload,
  spec: { containers: ContainerSpec[]; init: ContainerSpec[] },
  at: number,
  version: string,
): Revision {
  const fix = (c: ContainerSpec) =>
    c.name === wl.app.container && c.image.startsWith(wl.app.repo) ? { ...c, image: `${wl.app.repo}:${version}` } : c;
  const rev: Revision = {
    number: (wl.revisions[wl.revisions.length - 1]?.number ?? w.g.int(0, 30)) + 1,
    hash: wl.kind === "Deployment" ? w.g.chars(w.g.int(8, 10), K8S_ALPHABET) : w.g.hex(w.g.int(8, 10)),
    createdAt: at,
    version,
    containers: spec.containers.map(fix),
    init: spec.init,
    desired: wl.replicas,
  };
  for (const old of wl.revisions) old.desired = 0;
  wl.revisions.push(rev);
  return rev;
}

export function current(wl: Workload): Revision {
  return wl.revisions[wl.revisions.length - 1] as Revision;
}

function podName(w: World, wl: Workload, rev: Revision, i: number): string {
  switch (wl.kind) {
    case "Deployment":
      return `${wl.name}-${rev.hash}-${w.g.chars(5)}`;
    case "StatefulSet":
      return `${wl.name}-${i}`;
    case "Pod":
      return wl.name;
    default:
      return `${wl.name}-${w.g.chars(5)}`;
  }
}

function podLabels(wl: Workload, rev: Revision, name: string, i: number): Record<string, string> {
  const base = { ...wl.labels, ...wl.extraLabels, "app.kubernetes.io/version": rev.version };
  switch (wl.kind) {
    case "Deployment":
      return { ...base, "pod-template-hash": rev.hash };
    case "StatefulSet":
      return {
        ...base,
        "apps.kubernetes.io/pod-index": String(i),
        "controller-revision-hash": `${wl.name}-${rev.hash}`,
        "statefulset.kubernetes.io/pod-name": name,
      };
    case "DaemonSet":
      return { ...base, "controller-revision-hash": rev.hash, "pod-template-generation": String(rev.number) };
    case "Job":
      return {
        ...base,
        "batch.kubernetes.io/controller-uid": wl.uid,
        "batch.kubernetes.io/job-name": wl.name,
        "controller-uid": wl.uid,
        "job-name": wl.name,
      };
    default:
      return base;
  }
}

function owner(wl: Workload, rev: Revision): PodPlan["owner"] {
  switch (wl.kind) {
    case "Deployment":
      return { apiVersion: "apps/v1", kind: "ReplicaSet", name: `${wl.name}-${rev.hash}`, uid: rsUid(wl, rev) };
    case "Pod":
      return undefined;
    case "Job":
      return { apiVersion: "batch/v1", kind: "Job", name: wl.name, uid: wl.uid };
    default:
      return { apiVersion: "apps/v1", kind: wl.kind, name: wl.name, uid: wl.uid };
  }
}

/** ReplicaSet uids derived from the deployment uid and hash: stable between pods and the RS. */
export function rsUid(wl: Workload, rev: Revision): string {
  return `${wl.uid.slice(0, 24)}${(rev.hash + "000000000000").slice(0, 12).replace(/[^0-9a-f]/g, "a")}`;
}

export type SpawnOpts = { count?: number; at?: (i: number) => number; nodes?: NodePlan[] };

/** Creates running pods of a revision; causes then change their container states. */
export function spawnPods(w: World, wl: Workload, rev: Revision, o: SpawnOpts = {}): PodPlan[] {
  const { g } = w;
  const count = o.count ?? (wl.kind === "DaemonSet" ? w.nodes.length : wl.replicas);
  const out: PodPlan[] = [];
  const base = wl.kind === "StatefulSet" ? wl.pods.filter((p) => p.owner?.uid === wl.uid).length : 0;
  for (let i = 0; i < count; i++) {
    const idx = base + i;
    const name = podName(w, wl, rev, idx);
    const node = o.nodes ? o.nodes[i % o.nodes.length] : wl.kind === "DaemonSet" ? w.nodes[i % w.nodes.length] : g.pick(w.nodes);
    const createdAt = o.at ? o.at(i) : rev.createdAt + i * g.int(5, 40) * SEC;
    const spec: Obj = { ...wl.podSpec };
    if (wl.kind === "StatefulSet") Object.assign(spec, { hostname: name, subdomain: `${wl.name}-headless` });
    if (wl.kind === "DaemonSet" && node) {
      spec.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node.name] }] }],
          },
        },
      };
    }
    const pod = newPod(w, {
      name,
      labels: podLabels(wl, rev, name, idx),
      owner: owner(wl, rev),
      createdAt,
      node,
      containers: rev.containers.map((c) => ({ ...c })),
      init: rev.init.map((c) => ({ ...c })),
      spec,
    });
    pod.app = wl.app;
    out.push(pod);
  }
  wl.pods.push(...out);
  return out;
}
