// Helpers the cause builders share: crash-looping a container with a consistent history, the
// kubelet events that go with it, and the alert kube-prometheus-stack would raise for the workload.
import { alerts } from "../alerts";
import { podEvent, startEvents } from "../k8s-events";
import { crashLoop, terminated } from "../k8s-pod";
import type { Target } from "../scaffold";
import { MIN, SEC } from "../time";
import type { PodPlan, World } from "../types";

export type Crash = { reason: string; exitCode: number; restarts: number; lastStart: number; lastEnd: number; firstCrash: number };

/**
 * Puts a container into CrashLoopBackOff: it has run `runMs` per attempt since `since`, and the
 * last attempt ended in `reason`/`exitCode`. Returns the timings, for logs and events.
 */
export function crash(
  w: World,
  pod: PodPlan,
  container: string,
  o: { reason: string; exitCode: number; since: number; runMs: () => number; message?: string; init?: boolean },
): Crash {
  const { g } = w;
  let t = Math.max(o.since, pod.createdAt + 5 * SEC);
  let restarts = 0;
  let lastStart = t;
  let lastEnd = t;
  for (let i = 0; ; i++) {
    const run = o.runMs();
    const backoff = Math.min(10 * SEC * 2 ** Math.max(0, i - 1), 300 * SEC);
    const start = i === 0 ? t : t + backoff;
    if (start + run > w.now - 5 * SEC) break;
    lastStart = start;
    lastEnd = start + run;
    t = lastEnd;
    restarts = i + 1;
  }
  restarts = Math.max(restarts, 1);
  const list = o.init ? pod.init : pod.containers;
  const c = list.find((x) => x.spec.name === container);
  if (c)
    c.status = crashLoop(pod, container, o.init ? restarts : restarts, terminated(o.reason, o.exitCode, lastStart, lastEnd, o.message));
  if (o.init) for (const m of pod.containers) m.status = null;
  const firstCrash = Math.max(o.since, pod.createdAt) + o.runMs();
  const events = { first: Math.max(firstCrash, w.now - 58 * MIN), last: lastEnd + g.int(5, 40) * SEC };
  if (pod.createdAt > w.now - 60 * MIN) startEvents(w, pod, { pulled: true, only: [] });
  const image = c?.spec.image ?? "";
  const base = { first: Math.max(pod.createdAt + 2 * SEC, w.now - 59 * MIN), last: lastStart, count: restarts + 1 };
  podEvent(w, pod, container, { ...base, reason: "Pulled", message: `Container image "${image}" already present on machine` });
  podEvent(w, pod, container, { ...base, reason: "Created", message: `Created container ${container}` });
  podEvent(w, pod, container, { ...base, reason: "Started", message: `Started container ${container}` });
  podEvent(w, pod, container, {
    reason: "BackOff",
    type: "Warning",
    message: `Back-off restarting failed container ${container} in pod ${pod.name}_${pod.ns}(${pod.uid})`,
    count: Math.max(1, restarts * 3 - g.int(0, 2)),
    ...events,
  });
  return { reason: o.reason, exitCode: o.exitCode, restarts, lastStart, lastEnd, firstCrash };
}

/** The alert kube-prometheus-stack raises for a workload whose pods crash or are not ready. */
export function statusAlert(
  w: World,
  t: Target,
  pod: PodPlan,
  at: number,
  o: { crashing: boolean; waiting?: string; container?: string },
): void {
  const { g } = w;
  const c = o.container ?? t.app.container;
  if (t.wl.kind === "Job" && t.wl.job?.failed) return alerts.jobFailed(w, t.wl.name, at);
  if (t.wl.kind === "Job") return o.waiting ? alerts.containerWaiting(w, pod.name, c, o.waiting, at) : alerts.podNotReady(w, pod.name, at);
  if (o.waiting && g.chance(0.4)) return alerts.containerWaiting(w, pod.name, c, o.waiting, at);
  if (o.crashing && g.chance(0.55)) return alerts.crashLooping(w, pod.name, c, at);
  if (t.wl.kind === "Pod" || g.chance(0.25)) return alerts.podNotReady(w, pod.name, at);
  alerts.replicasMismatch(w, t.wl.kind, t.wl.name, at);
}

/** A crash-looping pod under several alerts, as one Alertmanager group receives them. */
export function crashAlerts(w: World, t: Target, pods: PodPlan[], at: number, waiting?: string): void {
  const first = pods[0];
  if (!first) return;
  if (t.wl.kind !== "Job" && w.g.chance(0.35) && pods.length > 1) {
    for (const p of pods.slice(0, 3)) alerts.crashLooping(w, p.name, t.app.container, at + w.g.int(0, 90) * SEC);
    return;
  }
  statusAlert(w, t, first, at, { crashing: true, waiting });
}

export const pct = (x: number) => Math.round(x * 1000) / 10;
