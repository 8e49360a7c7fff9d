// The shared skeleton every generated scenario starts from: a cluster, its nodes, a namespace,
// the frozen clock and the metric window, and helpers to write logs into it.
import { createCluster, NAMESPACES, TEAMS, ip } from "./names";
import { createGen } from "./rng";
import { DAY, HOUR, MIN } from "./time";
import type { LogLine, NodePlan, World } from "./types";

// Incidents are placed between 2024-01-01 and 2025-10-31 so dates, certificate expiries and
// month ends vary with the seed.
const EPOCH = Date.UTC(2024, 0, 1);
const SPAN_DAYS = 669;

export function createWorld(seed: number, index: number, id: string): World {
  const g = createGen(seed);
  const now = EPOCH + g.int(0, SPAN_DAYS) * DAY + g.int(0, 24 * 60 - 1) * MIN + g.int(0, 59) * 1000;
  const cluster = createCluster(g);
  const points = g.int(10, 30);
  const windowMs = g.int(30, 60) * MIN;
  const step = Math.max(15_000, Math.round(windowMs / points / 15_000) * 15_000);
  const end = Math.floor(now / step) * step;
  const w: World = {
    g,
    seed,
    index,
    id,
    now,
    cluster,
    ns: g.pick(NAMESPACES),
    team: g.pick(TEAMS),
    nodes: [],
    workloads: [],
    objects: { services: [], configmaps: [], persistentvolumeclaims: [], networkpolicies: [], hpas: [], events: [] },
    logs: new Map(),
    logStart: new Map(),
    metrics: [],
    changes: [],
    alerts: [],
    window: { start: end - step * (points - 1), step, points },
    tags: [],
    runtimes: new Set(),
    names: [],
  };
  const count = g.int(3, 6);
  for (let i = 0; i < count; i++) w.nodes.push(createNode(w, i));
  return w;
}

function createNode(w: World, i: number): NodePlan {
  const { g, cluster } = w;
  const createdAt = w.now - g.int(2, 90) * DAY - g.int(0, 23) * HOUR;
  const zones: Record<string, string[]> = {
    eks: ["a", "b", "c"].map((z) => `${cluster.region}${z}`),
    gke: ["b", "c", "d"].map((z) => `${cluster.region}-${z}`),
    aks: ["1", "2", "3"].map((z) => `${cluster.region}-${z}`),
    kubeadm: ["rack-a", "rack-b"],
  };
  const types: Record<string, [string, number, number][]> = {
    eks: [
      ["m6i.2xlarge", 8, 32],
      ["m5.xlarge", 4, 16],
      ["c6i.4xlarge", 16, 32],
      ["r6i.2xlarge", 8, 64],
    ],
    gke: [
      ["n2-standard-8", 8, 32],
      ["e2-standard-4", 4, 16],
      ["n2-highmem-4", 4, 32],
    ],
    aks: [
      ["Standard_D8s_v5", 8, 32],
      ["Standard_D4s_v5", 4, 16],
      ["Standard_E4s_v5", 4, 32],
    ],
    kubeadm: [
      ["bare-metal", 16, 64],
      ["vm-large", 8, 32],
    ],
  };
  const [instanceType, cpu, memGi] = g.pick(types[cluster.provider] ?? []);
  const zone = g.pick(zones[cluster.provider] ?? []);
  const name = cluster.nodeName(i);
  const kubelet = g.pick(["v1.28.12", "v1.29.8", "v1.30.4", "v1.31.2", "v1.29.6-eks-1552ad0", "v1.30.3-gke.1969001"]);
  const since = createdAt + g.int(30, 90) * 1000;
  return {
    name,
    createdAt,
    zone,
    instanceType,
    cpu,
    memGi,
    kubelet,
    ip: cluster.provider === "eks" ? name.replace(/^ip-(\d+)-(\d+)-(\d+)-(\d+)\..*$/, "$1.$2.$3.$4") : ip(g, "10.128"),
    labels: {
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/os": "linux",
      "kubernetes.io/hostname": name,
      "node.kubernetes.io/instance-type": instanceType,
      "topology.kubernetes.io/region": cluster.region,
      "topology.kubernetes.io/zone": zone,
    },
    taints: [],
    conditions: {
      Ready: { status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", since },
      MemoryPressure: { status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available", since },
      DiskPressure: { status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure", since },
      PIDPressure: { status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available", since },
    },
  };
}

export function logKey(ns: string, pod: string, container: string, previous = false): string {
  return `${ns}/${pod}/${container}${previous ? "#previous" : ""}`;
}

/** Appends lines to a container's log; the first call for a stream records when it starts. */
export function addLog(w: World, key: string, t: number, text: string): void {
  let lines = w.logs.get(key);
  if (!lines) {
    lines = [];
    w.logs.set(key, lines);
    if (!w.logStart.has(key)) w.logStart.set(key, t);
  }
  lines.push({ t, text });
}

/** Log text in time order (stable for equal times), newest last, as kubectl logs prints it. */
export function renderLogs(w: World): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...w.logs.keys()].sort()) {
    const lines = w.logs.get(key) as LogLine[];
    if (lines.some((l, i) => i > 0 && (lines[i - 1] as LogLine).t > l.t)) lines.sort((a, b) => a.t - b.t);
    if (lines.length) out[key] = lines.map((l) => l.text).join("\n");
  }
  return out;
}

export function tag(w: World, t: string): void {
  if (!w.tags.includes(t)) w.tags.push(t);
}
