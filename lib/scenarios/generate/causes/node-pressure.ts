// node_pressure: the node under the workload fails: NotReady after its kubelet stops posting
// status (pods marked for deletion by the taint manager), or memory/disk/PID pressure with the
// kubelet evicting pods. A deploy shortly before is a coincidence, not the cause.
import { alerts } from "../alerts";
import { memLimitOf } from "../app";
import { event, podEvent } from "../k8s-events";
import { terminated } from "../k8s-pod";
import { spawnPods, current } from "../k8s-workloads";
import { addSeries, flat, podLabels } from "../metrics";
import { scaffold } from "../scaffold";
import { MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { NodePlan, PodPlan, World } from "../types";
import { tag } from "../world";
import { rollout, rolloutChange } from "./rollout";

type Kind = "notready" | "memory" | "disk" | "pid";

export function nodePressure(w: World): Built {
  const { g } = w;
  const v = g.weighted<Kind>([
    ["notready", 4],
    ["memory", 3],
    ["disk", 2],
    ["pid", 1],
  ]);
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 5],
      ["StatefulSet", 2],
      ["DaemonSet", 1],
      ["Job", 1],
      ["Pod", 1],
    ],
    replicas: g.int(2, 5),
  });
  const node = w.nodes[0] as NodePlan;
  const others = w.nodes.slice(1);
  const down = w.now - g.int(8, 30) * MIN;
  if (v === "notready" && t.wl.kind === "Deployment" && g.chance(0.6)) {
    const at = down - g.int(4, 20) * MIN;
    const r = rollout(w, t, at, { complete: true });
    rolloutChange(
      w,
      t,
      r,
      at,
      `${t.wl.name} ${r.version}: ${g.pick(["dependency bumps", "new metrics endpoint", "copy changes", "logging tweaks"])}`,
    );
    t.pods = r.fresh;
    tag(w, "confounder:deploy-before-node-failure");
  }
  const onNode =
    t.wl.kind === "DaemonSet"
      ? t.wl.pods.filter((p) => p.nodeName === node.name)
      : t.pods.slice(0, g.int(1, Math.max(1, Math.ceil(t.pods.length / 2))));
  for (const p of onNode) p.nodeName = node.name;
  const evidence: string[] = [];
  if (v === "notready") {
    const msg = "Kubelet stopped posting node status.";
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const)
      node.conditions[type] = { status: "Unknown", reason: "NodeStatusUnknown", message: msg, since: down };
    node.taints = [
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: new Date(down).toISOString().replace(/\.\d+Z$/, "Z") },
      {
        key: "node.kubernetes.io/unreachable",
        effect: "NoExecute",
        timeAdded: new Date(down + 5 * SEC).toISOString().replace(/\.\d+Z$/, "Z"),
      },
    ];
    event(
      w,
      { kind: "Node", name: node.name, uid: node.name },
      { reason: "NodeNotReady", message: `Node ${node.name} status is now: NodeNotReady`, first: down, component: "node-controller" },
    );
    const evictAt = down + 5 * MIN + g.int(0, 30) * SEC;
    for (const p of onNode) {
      p.forceNotReady = true;
      podEvent(w, p, null, {
        reason: "NodeNotReady",
        type: "Warning",
        message: "Node is not ready",
        first: down + 2 * SEC,
        component: "node-controller",
      });
      if (evictAt < w.now - 30 * SEC && t.wl.kind !== "DaemonSet") {
        p.deletionTimestamp = evictAt;
        podEvent(w, p, null, {
          reason: "TaintManagerEviction",
          message: `Marking for deletion Pod ${p.ns}/${p.name}`,
          first: evictAt,
          component: "taint-eviction-controller",
        });
        if (t.wl.kind === "Deployment" || t.wl.kind === "Job")
          spawnPods(w, t.wl, current(t.wl), { count: 1, at: () => evictAt + g.int(1, 5) * SEC, nodes: others });
      }
    }
    evidence.push(
      msg,
      onNode.some((p) => p.deletionTimestamp) ? "Marking for deletion Pod" : `Node ${node.name} status is now: NodeNotReady`,
    );
    if (g.chance(0.5)) alerts.nodeNotReady(w, node.name, down + 15 * MIN > w.now ? down + 2 * MIN : down + 15 * MIN);
    else if (t.wl.kind === "Pod" || t.wl.kind === "Job") alerts.podNotReady(w, (onNode[0] as PodPlan).name, down + 3 * MIN);
    else alerts.replicasMismatch(w, t.wl.kind, t.wl.name, down + 4 * MIN);
    return { title: `${w.ns}/${t.wl.name}: node ${node.name} NotReady (kubelet stopped posting status)`, evidence };
  }
  const resource = v === "memory" ? "memory" : v === "disk" ? "ephemeral-storage" : "pids";
  const cond = v === "memory" ? "MemoryPressure" : v === "disk" ? "DiskPressure" : "PIDPressure";
  const [reason, message] =
    v === "memory"
      ? ["KubeletHasInsufficientMemory", "kubelet has insufficient memory available"]
      : v === "disk"
        ? ["KubeletHasDiskPressure", "kubelet has disk pressure"]
        : ["KubeletHasInsufficientPID", "kubelet has insufficient PID available"];
  node.conditions[cond] = { status: "True", reason, message, since: down };
  node.taints = [
    {
      key: `node.kubernetes.io/${v === "memory" ? "memory" : v === "disk" ? "disk" : "pid"}-pressure`,
      effect: "NoSchedule",
      timeAdded: new Date(down).toISOString().replace(/\.\d+Z$/, "Z"),
    },
  ];
  event(
    w,
    { kind: "Node", name: node.name, uid: node.name },
    {
      reason: v === "memory" ? "NodeHasInsufficientMemory" : v === "disk" ? "NodeHasDiskPressure" : "NodeHasInsufficientPID",
      message: `Node ${node.name} status is now: ${v === "memory" ? "NodeHasInsufficientMemory" : v === "disk" ? "NodeHasDiskPressure" : "NodeHasInsufficientPID"}`,
      first: down,
      component: "kubelet",
      host: node.name,
    },
  );
  event(
    w,
    { kind: "Node", name: node.name, uid: node.name },
    {
      reason: "EvictionThresholdMet",
      type: "Warning",
      message: `Attempting to reclaim ${resource}`,
      first: down + 10 * SEC,
      last: w.now - g.int(30, 300) * SEC,
      count: g.int(3, 30),
      component: "kubelet",
      host: node.name,
    },
  );
  if (v === "disk")
    event(
      w,
      { kind: "Node", name: node.name, uid: node.name },
      {
        reason: "FreeDiskSpaceFailed",
        type: "Warning",
        message: `Failed to garbage collect required amount of images. Attempted to free ${g.int(4, 20) * 1_073_741_824} bytes, but only found 0 bytes eligible to free.`,
        first: down,
        last: w.now - g.int(60, 600) * SEC,
        count: g.int(2, 12),
        component: "kubelet",
        host: node.name,
      },
    );
  const threshold = v === "memory" ? "100Mi" : v === "disk" ? "10%" : "10%";
  const evMsg = `The node was low on resource: ${resource}.`;
  for (const [i, p] of onNode.entries()) {
    const at = Math.min(down + g.int(1, 8) * MIN + i * 20 * SEC, w.now - g.int(40, 90) * SEC);
    // Usage above the request (that is what makes the kubelet pick this pod) but within the limit.
    const spec = (p.containers.find((c) => c.spec.name === t.app.container) ?? p.containers[0])?.spec;
    const request = String((spec?.resources as { requests?: Record<string, string> } | undefined)?.requests?.memory ?? "256Mi");
    const limitKi = (spec ? memLimitOf(spec) : 1024) * 1024;
    const usage = v === "memory" ? `${Math.round(limitKi * g.float(0.7, 0.97))}Ki` : `${g.int(2_000, 9_000_000)}Ki`;
    const full = `${evMsg} Threshold quantity: ${threshold}, available: ${g.int(40_000, 99_000)}Ki. Container ${t.app.container} was using ${usage}, request is ${v === "memory" ? request : "0"}, has larger consumption of request. `;
    p.phase = "Failed";
    p.reason = "Evicted";
    p.message = full;
    for (const c of p.containers)
      c.status = {
        restartCount: c.status?.restartCount ?? 0,
        ready: false,
        started: false,
        state: terminated(
          "ContainerStatusUnknown",
          137,
          p.createdAt + 5 * SEC,
          at,
          "The container could not be located when the pod was terminated",
        ),
        lastState: {},
      };
    podEvent(w, p, null, { reason: "Evicted", type: "Warning", message: full, first: at, host: node.name });
    podEvent(w, p, t.app.container, { reason: "Killing", message: `Stopping container ${t.app.container}`, first: at + SEC });
    if (t.wl.kind !== "Pod")
      spawnPods(w, t.wl, current(t.wl), { count: 1, at: () => at + g.int(1, 4) * SEC, nodes: t.wl.kind === "DaemonSet" ? [node] : others });
  }
  const neighbour = w.workloads.find((x) => x !== t.wl);
  addSeries(w, "memory_working_set_bytes", { node: node.name }, flat(w, node.memGi * 1024 ** 3 * (v === "memory" ? 0.97 : 0.6), 0.01), 0);
  if (neighbour?.pods[0]) addSeries(w, "memory_working_set_bytes", podLabels(neighbour.pods[0]), flat(w, 1.5 * 1024 ** 3, 0.05), 0);
  evidence.push(evMsg, v === "memory" ? "NodeHasInsufficientMemory" : v === "disk" ? "NodeHasDiskPressure" : "NodeHasInsufficientPID");
  if (v === "memory" && g.chance(0.4)) alerts.nodeMemory(w, node.name, `${node.ip}:9100`, g.int(93, 99), down + 2 * MIN);
  else if (t.wl.kind === "Pod" || t.wl.kind === "Job") alerts.podNotReady(w, (onNode[0] as PodPlan).name, down + 3 * MIN);
  else alerts.replicasMismatch(w, t.wl.kind, t.wl.name, down + 3 * MIN);
  return { title: `${w.ns}/${t.wl.name}: pods evicted from ${node.name} under ${cond}`, evidence };
}
