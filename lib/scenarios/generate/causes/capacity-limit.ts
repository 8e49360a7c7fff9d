// capacity_limit: not enough replicas can run: the HPA sits at its maximum while load is high, or
// new pods stay Pending because the scheduler finds no node (insufficient CPU/memory/GPU, a node
// selector nothing matches, required anti-affinity, taints nothing tolerates).
import { alerts } from "../alerts";
import { event } from "../k8s-events";
import { addHpa } from "../k8s-objects";
import { current, spawnPods } from "../k8s-workloads";
import { addSeries, podLabels, step, wlLabels } from "../metrics";
import { scaffold, type Target } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { tag } from "../world";

type Why = "cpu" | "memory" | "selector" | "anti" | "taint" | "gpu";

function hpaCase(w: World, t: Target): Built {
  const { g } = w;
  const max = t.wl.replicas;
  const since = w.now - g.int(16, 45) * MIN;
  const util = g.int(140, 260);
  addHpa(w, t.wl, {
    min: Math.max(1, Math.floor(max / 3)),
    max,
    currentReplicas: max,
    desired: max,
    targetCpu: g.pick([60, 70, 75, 80]),
    currentCpu: util,
    limitedSince: since,
  });
  const rescale = `New size: ${max}; reason: cpu resource utilization (percentage of request) above target`;
  event(
    w,
    { kind: "HorizontalPodAutoscaler", name: t.wl.name, uid: t.wl.uid },
    { reason: "SuccessfulRescale", message: rescale, first: since - g.int(1, 5) * MIN, component: "horizontal-pod-autoscaler" },
  );
  const labels = wlLabels(t.wl);
  const rps = g.int(100, 800);
  addSeries(w, "request_rate", labels, step(w, rps, rps * g.float(2, 3.5), since - 10 * MIN, 0.05), 2);
  addSeries(w, "latency_p99_ms", labels, step(w, g.int(50, 200), g.int(700, 3000), since, 0.1), 1);
  for (const p of t.pods.slice(0, 3))
    addSeries(w, "cpu_usage_cores", podLabels(p, t.app.container), step(w, 0.3, g.float(0.9, 1.6), since - 10 * MIN, 0.03), 3);
  alerts.hpaMaxed(w, t.wl.name, since + 15 * MIN > w.now ? w.now - MIN : since + 15 * MIN);
  if (g.chance(0.4)) alerts.cpuThrottling(w, (t.pods[0] as PodPlan).name, t.app.container, g.int(40, 80), since + 5 * MIN);
  tag(w, "confounder:hpa-maxed-looks-like-cpu");
  return {
    title: `${w.ns}/${t.wl.name}: HPA at its maximum of ${max} replicas while load keeps rising`,
    evidence: ["the desired replica count is more than the maximum replica count", rescale],
  };
}

export function capacityLimit(w: World): Built {
  const { g } = w;
  const why = g.weighted<Why | "hpa">([
    ["hpa", 3],
    ["cpu", 3],
    ["memory", 2],
    ["selector", 2],
    ["anti", 1],
    ["taint", 1],
    ["gpu", 1],
  ]);
  const kinds =
    why === "hpa"
      ? ([["Deployment", 1]] as const)
      : why === "anti"
        ? ([
            ["Deployment", 3],
            ["StatefulSet", 1],
          ] as const)
        : ([
            ["Deployment", 5],
            ["StatefulSet", 1],
            ["Job", 1],
            ["CronJob", 1],
            ["Pod", 1],
          ] as const);
  // A selector, taint or GPU request nothing satisfies leaves every pod of a new workload Pending;
  // too little CPU/memory or anti-affinity strands only the replicas added by a scale-up.
  const fresh = why === "selector" || why === "taint" || why === "gpu";
  const since = w.now - g.int(10, 40) * MIN;
  const n = w.nodes.length;
  const t = scaffold(w, {
    kinds,
    replicas: why === "hpa" ? g.int(6, 20) : why === "anti" ? n : undefined,
    ...(fresh ? { revisionAt: since, history: 0 } : {}),
  });
  if (why === "hpa") return hpaCase(w, t);
  const anti = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: t.wl.labels }, topologyKey: "kubernetes.io/hostname" },
      ],
    },
  };
  if (why === "anti") {
    t.wl.podSpec.affinity = anti;
    t.pods.forEach((p, i) => Object.assign(p, { nodeName: w.nodes[i % n]?.name, spec: { ...p.spec, affinity: anti } }));
  }
  let pending: PodPlan[];
  if (t.wl.job || t.wl.kind === "Pod" || fresh) {
    pending = t.pods;
    for (const p of pending) p.createdAt = Math.max(p.createdAt, since);
  } else {
    const from = t.wl.replicas;
    const to = from + g.int(2, 8);
    t.wl.replicas = to;
    current(t.wl).desired = to;
    pending = spawnPods(w, t.wl, current(t.wl), { count: to - from, at: (i) => since + i * SEC });
    const by = g.pick(["scale", "hpa"] as const);
    if (by === "scale")
      w.changes.push({
        at: iso(since),
        kind: "scale",
        namespace: w.ns,
        name: t.wl.name,
        summary: `${t.wl.name} replicas ${from} -> ${to} ${g.pick(["for the sale event", "ahead of the marketing campaign", "for the quarterly batch"])}`,
      });
    else
      addHpa(w, t.wl, { min: from, max: to + g.int(2, 10), currentReplicas: to, desired: to, targetCpu: 70, currentCpu: g.int(75, 110) });
    if (by === "scale") tag(w, "confounder:scale-change-before-pending");
  }
  const sel = g.pick([
    ["disktype", "ssd"],
    ["cloud.google.com/gke-nodepool", "highmem-pool"],
    ["node.kubernetes.io/instance-type", "m6i.4xlarge"],
    ["workload", "batch"],
  ] as const);
  const taint = g.pick(["dedicated: gpu", "dedicated: data", "workload: batch"]);
  const cp = g.chance(0.3) ? 1 : 0;
  const tail = cp ? `, ${cp} node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }` : "";
  const k = n - cp;
  const frag = {
    cpu: `${k} Insufficient cpu`,
    memory: `${k} Insufficient memory`,
    selector: `${k} node(s) didn't match Pod's node affinity/selector`,
    anti: `${k} node(s) didn't match pod anti-affinity rules`,
    taint: `${k} node(s) had untolerated taint {${taint}}`,
    gpu: `${k} Insufficient nvidia.com/gpu`,
  }[why];
  const preempt =
    why === "cpu" || why === "memory" || why === "gpu"
      ? `preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`
      : `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
  const msg = `0/${n} nodes are available: ${frag}${tail}. ${preempt}`;
  const main = (p: PodPlan) => p.containers[0]?.spec as Record<string, unknown>;
  for (const p of pending) {
    p.unschedulable = msg;
    p.phase = "Pending";
    p.nodeName = undefined;
    for (const c of [...p.containers, ...p.init]) c.status = null;
    if (why === "selector") p.spec.nodeSelector = { [sel[0]]: sel[1] };
    if (why === "anti") p.spec.affinity = anti;
    if (why === "gpu") (main(p).resources as { limits: Record<string, string> }).limits["nvidia.com/gpu"] = "1";
    event(
      w,
      { kind: "Pod", name: p.name, uid: p.uid },
      {
        reason: "FailedScheduling",
        type: "Warning",
        message: msg,
        first: p.createdAt + SEC,
        last: w.now - g.int(5, 120) * SEC,
        count: g.int(3, 40),
        component: "default-scheduler",
      },
    );
    if ((why === "cpu" || why === "memory") && g.chance(0.5))
      event(
        w,
        { kind: "Pod", name: p.name, uid: p.uid },
        {
          reason: "NotTriggerScaleUp",
          message: `pod didn't trigger scale-up: ${g.int(1, 3)} max node group size reached`,
          first: p.createdAt + 10 * SEC,
          last: w.now - g.int(10, 200) * SEC,
          count: g.int(5, 60),
          component: "cluster-autoscaler",
        },
      );
  }
  if (why === "selector" || why === "gpu") {
    const rev = current(t.wl);
    const spec = rev.containers[0] as Record<string, unknown>;
    if (why === "gpu")
      spec.resources = {
        ...(spec.resources as object),
        limits: { ...(spec.resources as { limits: object }).limits, "nvidia.com/gpu": "1" },
      };
    if (why === "selector") t.wl.podSpec.nodeSelector = { [sel[0]]: sel[1] };
  }
  if (why === "taint")
    for (const node of w.nodes.slice(cp)) node.taints.push({ key: taint.split(":")[0], value: taint.split(": ")[1], effect: "NoSchedule" });
  if (cp && w.nodes[0]) w.nodes[0].taints.push({ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" });
  const first = pending[0] as PodPlan;
  const at = first.createdAt + g.int(5, 15) * MIN;
  if (t.wl.kind === "Job" || t.wl.kind === "Pod") alerts.podNotReady(w, first.name, Math.min(at, w.now - MIN));
  else alerts.replicasMismatch(w, t.wl.kind, t.wl.name, Math.min(at, w.now - MIN));
  return {
    title: `${w.ns}/${t.wl.name}: ${pending.length} pod(s) Pending, ${frag.replace(/^\d+ /, "")}`,
    evidence: [frag.replace(/^\d+ /, "")],
  };
}
