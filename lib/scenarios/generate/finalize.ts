// Fills in what every scenario has but no cause needs to shape: healthy logs for containers that
// have none, start events for pods created within the event TTL, and baseline metrics.
import { healthyLog } from "./app-logs";
import { healthyServer } from "./deps";
import { startEvents } from "./k8s-events";
import { current } from "./k8s-workloads";
import { addSeries, baselineRed, flat, podLabels, wlLabels } from "./metrics";
import { startedAt } from "./k8s-pod";
import { HOUR, MIN } from "./time";
import type { Obj, World } from "./types";
import { logKey } from "./world";

/**
 * Healthy logs (start-up banner, ordinary requests) for running app containers whose log does not
 * begin at their start yet: a cause may have written only its error lines. Idempotent.
 */
export function fillLogs(w: World): void {
  for (const wl of w.workloads) {
    // Every pod of the workload under investigation has a log; a bystander shows one.
    for (const pod of wl === w.target ? wl.pods : wl.pods.slice(0, 1)) {
      const app = pod.app;
      if (!app || pod.unschedulable || app.server === "other") continue;
      const c = pod.containers.find((x) => x.spec.name === app.container);
      if (!c?.status?.state.running) continue;
      const key = logKey(pod.ns, pod.name, app.container);
      const from = startedAt(pod, app.container);
      if (w.logs.get(key)?.some((l) => l.t <= from + MIN)) continue;
      if (app.server) healthyServer(w, app.server, app.container, pod, from);
      else healthyLog(w, pod, app, from, w.now, { version: pod.labels["app.kubernetes.io/version"] ?? current(wl).version });
    }
  }
}

export function finalize(w: World): void {
  const { g } = w;
  fillLogs(w);
  const withEvents = new Set(w.objects.events.map((e) => (e as { involvedObject: Obj }).involvedObject.name as string));
  for (const wl of w.workloads) {
    for (const pod of wl.pods) {
      if (pod.createdAt > w.now - HOUR && !withEvents.has(pod.name) && pod.phase === "Running" && !pod.unschedulable)
        startEvents(w, pod, { pulled: g.chance(0.5) });
    }
  }
  const t = w.target;
  if (!t) return;
  const has = (signal: string) => w.metrics.some((m) => m.signal === signal);
  const service = (t.kind === "Deployment" || t.kind === "StatefulSet") && !t.app.server;
  if (service) baselineRed(w, t);
  const live = t.pods.filter((p) => p.phase === "Running" && !p.unschedulable).slice(0, 3);
  if (!has("memory_working_set_bytes"))
    for (const p of live)
      addSeries(w, "memory_working_set_bytes", podLabels(p, t.app.container), flat(w, g.int(90, 700) * 1024 * 1024, 0.03), 0);
  if (!has("cpu_usage_cores"))
    for (const p of live) addSeries(w, "cpu_usage_cores", podLabels(p, t.app.container), flat(w, g.float(0.02, 0.4), 0.15));
  if (!has("restarts") && g.chance(0.5)) addSeries(w, "restarts", { ...wlLabels(t), container: t.app.container }, flat(w, 0, 0), 0);
}
