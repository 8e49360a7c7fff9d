// cpu_saturation: more work than the CPU limit allows: load rose, containers sit at their CPU
// limit and are throttled, requests queue and latency climbs. Sometimes the symptom is probes
// timing out on a saturated (not misconfigured) app. Nodes have room and no HPA is maxed: scale.
import { alerts } from "../alerts";
import { requestLine } from "../app-logs";
import { podEvent } from "../k8s-events";
import { running, terminated } from "../k8s-pod";
import { addSeries, podLabels, step, wlLabels } from "../metrics";
import { repeat, write } from "../phrase";
import { saturation } from "../saturation-phrases";
import { main, scaffold } from "../scaffold";
import { MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { tag } from "../world";

export function cpuSaturation(w: World): Built {
  const { g } = w;
  const cores = g.pick([0.25, 0.5, 1, 2]);
  const cpu = cores < 1 ? `${cores * 1000}m` : String(cores);
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 7],
      ["StatefulSet", 1],
      ["DaemonSet", 1],
      ["Pod", 1],
    ],
    runtimes: ["go", "java", "node", "python", "dotnet"],
    cpu,
    replicas: g.int(2, 5),
  });
  const probe = g.chance(0.4) && t.wl.kind !== "Pod";
  const at = w.now - g.int(12, 35) * MIN;
  const factor = g.float(2, 4);
  const rps = g.int(40, 500);
  const labels = wlLabels(t.wl);
  const throttled = g.float(0.45, 0.92);
  const sat = saturation(g, t.app.runtime);
  const p99 = g.int(60, 250);
  const slow = p99 * g.float(6, 25);
  if (t.wl.kind !== "DaemonSet") {
    addSeries(w, "request_rate", labels, step(w, rps, rps * factor, at, 0.06), 2);
    addSeries(w, "latency_p99_ms", labels, step(w, p99, slow, at + 2 * MIN, 0.1), 1);
    addSeries(w, "error_ratio", labels, step(w, 0.001, probe ? g.float(0.02, 0.12) : g.float(0.001, 0.02), at + 2 * MIN, 0.3), 5);
  }
  for (const pod of t.pods) {
    addSeries(
      w,
      "cpu_usage_cores",
      podLabels(pod, t.app.container),
      step(w, cores * g.float(0.3, 0.5), cores * g.float(0.97, 1.0), at, 0.01),
      3,
    );
    addSeries(w, "cpu_throttled_ratio", podLabels(pod, t.app.container), step(w, g.float(0.0, 0.05), throttled, at, 0.05), 3);
    repeat(w, pod, t.app, at + g.int(1, 4) * MIN, w.now, g.int(40, 150) * SEC, () => [
      g.pick(sat).lines[0] as (typeof sat)[number]["lines"][number],
      requestLine(w, t.app, 200, slow),
    ]);
  }
  // Every decisive line appears at least once, in the first pod's log.
  write(
    w,
    t.pods[0] as PodPlan,
    t.app,
    w.now - g.int(1, 4) * MIN,
    sat.flatMap((p) => p.lines),
  );
  const evidence = sat.map((p) => p.ev).slice(0, 2);
  if (probe) {
    tag(w, "confounder:probe-fails-because-saturated");
    const hit = t.pods.slice(0, g.int(1, t.pods.length));
    for (const pod of hit) {
      const c = main(pod, t.app);
      const readiness = (c.spec.readinessProbe as { httpGet: { path: string } } | undefined)?.httpGet.path ?? t.app.readyPath;
      const msg = `Readiness probe failed: Get "http://${pod.podIP}:${t.app.mgmtPort ?? t.app.port}${readiness}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
      podEvent(w, pod, t.app.container, {
        reason: "Unhealthy",
        type: "Warning",
        message: msg,
        first: at + 3 * MIN,
        last: w.now - g.int(5, 40) * SEC,
        count: g.int(10, 80),
      });
      if (g.chance(0.5)) {
        const end = w.now - g.int(3, 12) * MIN;
        c.status = running(end + 2 * SEC, 1, terminated("Error", 137, pod.createdAt + 10 * SEC, end), false);
        podEvent(w, pod, t.app.container, {
          reason: "Killing",
          message: `Container ${t.app.container} failed liveness probe, will be restarted`,
          first: end - 2 * SEC,
        });
      } else if (c.status) c.status.ready = false;
    }
    const first = hit[0] as PodPlan;
    if (t.wl.kind === "Deployment" && g.chance(0.5)) alerts.replicasMismatch(w, "Deployment", t.wl.name, at + 8 * MIN);
    else alerts.podNotReady(w, first.name, at + 6 * MIN);
  } else {
    const alert = g.weighted([
      ["throttle", 5],
      ["latency", 3],
      ["memory", 1],
    ] as const);
    const first = t.pods[0] as PodPlan;
    if (alert === "throttle")
      for (const p of t.pods.slice(0, g.int(1, 3)))
        alerts.cpuThrottling(w, p.name, t.app.container, Math.round(throttled * 100), at + g.int(4, 9) * MIN);
    else if (alert === "latency" && t.wl.kind !== "DaemonSet")
      alerts.app(
        w,
        "HighLatencyP99",
        t.wl.kind === "Deployment" ? { deployment: t.wl.name } : { pod: first.name },
        "p99 latency above SLO",
        `The p99 latency of ${w.ns}/${t.wl.name} is ${Math.round(slow)}ms (SLO ${g.pick([300, 500, 1000])}ms).`,
        at + 5 * MIN,
        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
      );
    else {
      alerts.app(
        w,
        "HighMemoryUsage",
        { pod: first.name, container: t.app.container },
        "Container memory usage is high",
        `Container ${t.app.container} of ${w.ns}/${first.name} uses ${g.int(80, 88)}% of its memory limit.`,
        at + 6 * MIN,
        "container_memory_working_set_bytes / container_spec_memory_limit_bytes > 0.8",
        "warning",
      );
      alerts.cpuThrottling(w, first.name, t.app.container, Math.round(throttled * 100), at + 7 * MIN);
      tag(w, "misleading-alert");
    }
  }
  return {
    title: `${w.ns}/${t.wl.name} (${t.app.framework}) saturates its ${cpu} CPU limit after load rose ${factor.toFixed(1)}x`,
    evidence,
    action: "scale",
  };
}
