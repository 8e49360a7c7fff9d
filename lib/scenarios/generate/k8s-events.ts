// v1 Events as kubelet, the scheduler and the controllers emit them: reason, message, count,
// first/last timestamps and the reporting component. Events older than an hour are gone, as
// the API server's default event TTL drops them.
import { HOUR, iso, SEC } from "./time";
import type { Obj, PodPlan, World } from "./types";

export type Involved = { kind: string; name: string; ns?: string; uid?: string; apiVersion?: string; fieldPath?: string };
export type EventOpts = {
  reason: string;
  message: string;
  type?: "Normal" | "Warning";
  count?: number;
  first: number;
  last?: number;
  component?: string;
  host?: string;
};

export function event(w: World, inv: Involved, e: EventOpts): void {
  const last = Math.min(e.last ?? e.first, w.now - SEC);
  const first = Math.min(e.first, last);
  if (last < w.now - HOUR) return;
  const ns = inv.ns ?? (inv.kind === "Node" ? "default" : w.ns);
  const component = e.component ?? "kubelet";
  w.objects.events.push({
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: `${inv.name}.${(first * 1_000_000 + w.g.int(0, 999_999)).toString(16).slice(0, 16)}`,
      namespace: ns,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(10_000_000, 99_999_999)),
      creationTimestamp: iso(first),
    },
    involvedObject: {
      kind: inv.kind,
      ...(inv.kind === "Node" ? {} : { namespace: ns }),
      name: inv.name,
      ...(inv.uid ? { uid: inv.uid } : {}),
      apiVersion:
        inv.apiVersion ??
        (inv.kind === "Pod" || inv.kind === "Node"
          ? "v1"
          : inv.kind === "Job" || inv.kind === "CronJob"
            ? "batch/v1"
            : inv.kind === "HorizontalPodAutoscaler"
              ? "autoscaling/v2"
              : "apps/v1"),
      ...(inv.fieldPath ? { fieldPath: inv.fieldPath } : {}),
    },
    reason: e.reason,
    message: e.message,
    source: { component, ...(e.host ? { host: e.host } : {}) },
    firstTimestamp: iso(first),
    lastTimestamp: iso(last),
    count: e.count ?? 1,
    type: e.type ?? "Normal",
    eventTime: null,
    reportingComponent: component,
    reportingInstance: e.host ?? "",
  });
}

/** An event on a pod, from kubelet on its node unless another component is named. */
export function podEvent(w: World, pod: PodPlan, container: string | null, e: EventOpts): void {
  const isInit = container !== null && pod.init.some((c) => c.spec.name === container);
  event(
    w,
    {
      kind: "Pod",
      name: pod.name,
      ns: pod.ns,
      uid: pod.uid,
      fieldPath: container ? `spec.${isInit ? "initContainers" : "containers"}{${container}}` : undefined,
    },
    { ...e, host: e.component && e.component !== "kubelet" ? e.host : pod.nodeName },
  );
}

/** Scheduled / Pulled / Created / Started for a pod that (re)started within the event TTL. */
export function startEvents(w: World, pod: PodPlan, opts: { pulled?: boolean; count?: number; last?: number; only?: string[] } = {}): void {
  const t = pod.createdAt;
  if (!opts.count)
    event(
      w,
      { kind: "Pod", name: pod.name, ns: pod.ns, uid: pod.uid },
      {
        reason: "Scheduled",
        message: `Successfully assigned ${pod.ns}/${pod.name} to ${pod.nodeName}`,
        first: t,
        component: "default-scheduler",
      },
    );
  for (const c of [...pod.init, ...pod.containers].filter((x) => !opts.only || opts.only.includes(x.spec.name))) {
    const image = c.spec.image;
    const base = { first: t + 2 * SEC, count: opts.count ?? 1, last: opts.last ?? t + 3 * SEC };
    if (opts.pulled === false || opts.count)
      podEvent(w, pod, c.spec.name, { ...base, reason: "Pulled", message: `Container image "${image}" already present on machine` });
    else {
      podEvent(w, pod, c.spec.name, { reason: "Pulling", message: `Pulling image "${image}"`, first: t + SEC });
      const ms = w.g.int(900, 14_000);
      podEvent(w, pod, c.spec.name, {
        reason: "Pulled",
        message: `Successfully pulled image "${image}" in ${(ms / 1000).toFixed(3)}s (${(ms / 1000).toFixed(3)}s including waiting). Image size: ${w.g.int(20_000_000, 400_000_000)} bytes.`,
        first: t + 2 * SEC,
      });
    }
    podEvent(w, pod, c.spec.name, { ...base, reason: "Created", message: `Created container ${c.spec.name}` });
    podEvent(w, pod, c.spec.name, { ...base, reason: "Started", message: `Started container ${c.spec.name}` });
  }
}

export function eventList(w: World): Obj[] {
  return [...w.objects.events].sort((a, b) => String(a.lastTimestamp).localeCompare(String(b.lastTimestamp)));
}
