// oom_killed: a container exceeds its memory limit within minutes of starting (the work it loads
// at start does not fit) or of a load change (month end, a bulk import): the limit is too small
// for the work, not a leak. Also a logging/mesh sidecar with a tiny limit.
import { alerts } from "../alerts";
import { startupLines } from "../app-logs";
import { event } from "../k8s-events";
import { bigWork, loadEvent } from "../memory-phrases";
import { addSeries, counter, podLabels, step, wlLabels, type Curve } from "../metrics";
import { say, write } from "../phrase";
import { scaffold, type Target } from "../scaffold";
import { iso, isoMs, MIN, SEC } from "../time";
import type { PodPlan, World } from "../types";
import { tag } from "../world";
import { crash, crashAlerts, pct, type Crash } from "./common";
import type { Built } from "../expected";
import { failJob } from "./job";

const NO_NGINX = ["go", "java", "node", "python", "dotnet"] as const;

function memCurve(w: World, limit: number, base: number, c: Crash | null, from: number): Curve {
  const period = c ? Math.max(60 * SEC, (c.lastEnd - c.lastStart) * 1.6) : 5 * MIN;
  return (t) => (t < from ? base * (0.95 + w.g.next() * 0.1) : limit * (0.55 + 0.45 * (((t - from) % period) / period)));
}

function nodeOomEvent(w: World, pod: PodPlan, rt: string, at: number, limitMi: number): void {
  if (!pod.nodeName || !w.g.chance(0.4)) return;
  const proc =
    { java: "java", go: pod.labels["app.kubernetes.io/name"]?.slice(0, 15) ?? "app", node: "node", python: "python3", dotnet: "dotnet" }[
      rt
    ] ?? "app";
  const rss = limitMi * 1024 - w.g.int(200, 4000);
  event(
    w,
    { kind: "Node", name: pod.nodeName, uid: pod.nodeName },
    {
      reason: "OOMKilling",
      type: "Warning",
      component: "kernel-monitor",
      host: pod.nodeName,
      first: at,
      last: at,
      message: `Memory cgroup out of memory: Killed process ${w.g.int(2000, 90000)} (${proc}) total-vm:${rss * 3}kB, anon-rss:${rss}kB, file-rss:${w.g.int(9000, 40000)}kB, shmem-rss:0kB, UID:${w.g.pick([0, 1000, 65532])} pgtables:${w.g.int(900, 5000)}kB oom_score_adj:${w.g.pick([984, 999, 936])}`,
    },
  );
}

function jobCase(w: World, t: Target, limitMi: number): Built {
  const work = bigWork(w.g, t.app.runtime);
  failJob(w, t, {
    reason: "OOMKilled",
    exitCode: 137,
    runMs: () => w.g.int(25, 240) * SEC,
    log: (a) => {
      const x = write(w, a.pod, t.app, a.start + SEC, startupLines(w, t.app, t.version).slice(0, 2));
      write(w, a.pod, t.app, x + w.g.int(2, 20) * SEC, work.lines);
    },
  });
  return {
    title: `${w.ns}/${t.wl.name}: job pods OOMKilled at the ${limitMi}Mi limit minutes after start`,
    evidence: ["OOMKilled", work.ev],
  };
}

export function oomKilled(w: World): Built {
  const { g } = w;
  const variant = g.weighted([
    ["startup", 4],
    ["load", 4],
    ["sidecar", 1],
  ] as const);
  const limitMi = variant === "startup" ? g.pick([256, 384, 512, 768]) : g.pick([512, 768, 1024, 1536, 2048]);
  if (variant === "sidecar") return sidecarCase(w);
  const kinds =
    variant === "startup"
      ? ([
          ["Deployment", 3],
          ["StatefulSet", 1],
          ["Job", 2],
          ["CronJob", 2],
          ["Pod", 1],
          ["DaemonSet", 1],
        ] as const)
      : ([
          ["Deployment", 5],
          ["StatefulSet", 1],
          ["DaemonSet", 1],
          ["Pod", 1],
        ] as const);
  const t = scaffold(w, { kinds, runtimes: NO_NGINX, memMi: limitMi, replicas: g.int(1, 4), sidecar: null });
  if (t.wl.job) return jobCase(w, t, limitMi);
  const limit = limitMi * 1024 * 1024;
  const loadAt = w.now - g.int(12, 35) * MIN;
  const work = variant === "startup" ? bigWork(g, t.app.runtime) : loadEvent(g, t.app.runtime);
  if (variant === "startup") for (const p of t.pods) p.createdAt = Math.max(p.createdAt, w.now - g.int(18, 50) * MIN);
  const hit = variant === "startup" ? t.pods : t.pods.slice(0, Math.max(1, Math.ceil(t.pods.length * g.float(0.5, 1))));
  let firstCrash = w.now;
  for (const pod of hit) {
    const since = variant === "startup" ? pod.createdAt : loadAt + g.int(2, 6) * MIN;
    const c = crash(w, pod, t.app.container, {
      reason: "OOMKilled",
      exitCode: 137,
      since,
      runMs: () => g.int(variant === "startup" ? 30 : 60, 300) * SEC,
    });
    firstCrash = Math.min(firstCrash, c.firstCrash);
    const x = write(w, pod, t.app, c.lastStart + 2 * SEC, startupLines(w, t.app, t.version), { previous: true, gapMs: g.int(100, 900) });
    write(w, pod, t.app, x + g.int(5, 30) * SEC, [...work.lines, say("info", `progress: ${g.int(5, 60)}% done`)], {
      previous: true,
      gapMs: g.int(10, 60) * SEC,
    });
    nodeOomEvent(w, pod, t.app.runtime, c.lastEnd, limitMi);
    addSeries(
      w,
      "memory_working_set_bytes",
      podLabels(pod, t.app.container),
      memCurve(w, limit, limit * g.float(0.3, 0.55), c, variant === "startup" ? w.window.start : since - 2 * MIN),
      0,
    );
    addSeries(
      w,
      "restarts",
      podLabels(pod, t.app.container),
      counter(
        Math.max(0, c.restarts - 3),
        [c.lastStart - 4 * MIN, c.lastStart - 2 * MIN, c.lastStart].filter((x) => x > w.window.start),
      ),
      0,
    );
  }
  if (variant === "load") {
    tag(w, "confounder:oom-under-load-not-leak");
    if (g.chance(0.5))
      w.changes.push({ at: iso(loadAt), kind: "flag", namespace: w.ns, name: t.wl.name, summary: `${t.wl.name}: ${work.ev}` });
    if (t.wl.kind === "Deployment") addSeries(w, "request_rate", wlLabels(t.wl), step(w, g.int(20, 200), g.int(300, 900), loadAt), 2);
  }
  const at = firstCrash + g.int(1, 5) * MIN;
  if (g.chance(0.3)) {
    alerts.app(
      w,
      g.pick(["HighMemoryUsage", "ContainerMemoryNearLimit"]),
      { pod: hit[0]?.name ?? t.wl.name, container: t.app.container },
      `Container memory near its limit in ${w.ns}`,
      `Container ${t.app.container} in ${w.ns}/${hit[0]?.name} is using ${pct(g.float(0.9, 0.99))}% of its memory limit.`,
      at,
      `container_memory_working_set_bytes / container_spec_memory_limit_bytes > 0.9`,
      "warning",
    );
    tag(w, "misleading-alert");
  } else crashAlerts(w, t, hit, at);
  const when = variant === "startup" ? "within minutes of start" : "minutes after a load increase";
  return {
    title: `${w.ns}/${t.wl.name} (${t.app.framework}) OOMKilled at its ${limitMi}Mi limit ${when}`,
    evidence: ["OOMKilled", work.ev],
  };
}

function sidecarCase(w: World): Built {
  const { g } = w;
  const kind = g.pick(["fluent-bit", "istio-proxy", "otel-collector"] as const);
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 4],
      ["StatefulSet", 1],
    ],
    sidecar: kind,
    replicas: g.int(2, 5),
  });
  const pod = t.pods[0] as PodPlan;
  const side = pod.containers.find((c) => c.spec.name === kind);
  const limit = String((side?.spec.resources as { limits: { memory: string } }).limits.memory);
  const c = crash(w, pod, kind, {
    reason: "OOMKilled",
    exitCode: 137,
    since: w.now - g.int(20, 50) * MIN,
    runMs: () => g.int(40, 200) * SEC,
  });
  const line = {
    "fluent-bit": (x: number) =>
      `[${isoMs(x).replace("T", " ").slice(0, 19).replace(/-/g, "/")}] [ warn] [input] tail.0 paused (mem buf overlimit)`,
    "istio-proxy": (x: number) =>
      `${isoMs(x)}\twarning\tenvoy config external/envoy/source/common/config/grpc_stream.h:191\tStreamAggregatedResources gRPC config stream to xds-grpc closed since ${g.int(30, 300)}s ago: 14, connection error`,
    "otel-collector": (x: number) =>
      `${isoMs(x)}\twarn\tmemorylimiter/memorylimiter.go:222\tMemory usage is above soft limit. Refusing data.\t{"kind": "processor", "name": "memory_limiter", "cur_mem_mib": ${g.int(90, 120)}}`,
  }[kind];
  const evLine = {
    "fluent-bit": "(mem buf overlimit)",
    "istio-proxy": "StreamAggregatedResources gRPC config stream",
    "otel-collector": "Memory usage is above soft limit",
  }[kind];
  for (let x = c.lastStart + 5 * SEC; x < c.lastEnd; x += g.int(8, 30) * SEC)
    write(w, pod, t.app, x, [say("warn", "", { at: line })], { container: kind, previous: true });
  alerts.crashLooping(w, pod.name, kind, c.firstCrash + g.int(2, 6) * MIN);
  addSeries(w, "restarts", podLabels(pod, kind), counter(0, [c.lastStart]), 0);
  return { title: `${w.ns}/${t.wl.name}: ${kind} sidecar OOMKilled at its ${limit} limit`, evidence: ["OOMKilled", evLine] };
}
