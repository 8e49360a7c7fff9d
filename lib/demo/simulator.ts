// The demo's world in motion: load that rises and falls through the day, metrics computed
// from it and from what the cluster runs now (ready pods, each template's behaviour), and
// faults a person injects — a bad deploy, an OOM, CPU saturation, a dependency outage, a
// bad config, an image that cannot be pulled. Metrics go to the fake Prometheus as they
// are made; a fix (Vigil's rollback or scale) changes the cluster, and the metrics follow.
import type { ClusterStore } from "@/lib/cluster/sandbox/store";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";
import type { ControllerOptions } from "@/lib/cluster/sandbox/controller";
import type { ScenarioSeries, Signal } from "@/lib/scenarios/schema";
import {
  applyDeployment,
  behaviourOf,
  demoWorkloads,
  getDeployment,
  podTemplate,
  workloadKey,
  type Behaviour,
  type DemoWorkload,
} from "@/lib/demo/app";
import { podLog } from "@/lib/demo/behaviour";

export const faultKinds = ["bad_deploy", "oom", "cpu_saturation", "dependency_outage", "bad_config", "image_pull"] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultTitles: Record<FaultKind, string> = {
  bad_deploy: "Bad deploy (a release that throws)",
  oom: "Out of memory (a release with a too-small limit)",
  cpu_saturation: "CPU saturation (three times the traffic)",
  dependency_outage: "Dependency outage (its upstream goes away)",
  bad_config: "Bad config (an invalid setting, crash at start)",
  image_pull: "Image pull error (a tag that does not exist)",
};

export type Fault = { id: string; kind: FaultKind; namespace: string; name: string; at: string };

/** What the alert evaluator and the console read about a workload right now. */
export type WorkloadState = {
  namespace: string;
  name: string;
  version: string;
  behaviour: Behaviour;
  replicas: number;
  ready: number;
  crashLooping: number;
  imagePull: number;
  errorRatio: number;
  latencyP99Ms: number;
  requestRate: number;
  throttled: number;
};

const TICK_MS = 5_000;
const HISTORY_MS = 60 * 60_000;
const KEEP_MS = 3 * 60 * 60_000;

type Pod = KubeObject & {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  status?: { conditions?: { type: string; status: string }[]; containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
};

export type Simulator = {
  series: ScenarioSeries[];
  controller: ControllerOptions;
  logSource: (namespace: string, pod: string, container: string, previous: boolean) => string | undefined;
  state(): WorkloadState[];
  faults(): Fault[];
  inject(kind: FaultKind, target: { namespace: string; name: string }): Fault;
  clear(id: string): Fault;
  /** Advances the world to `now`: metrics for every pod and workload. */
  tick(now: number): void;
  start(): () => void;
};

const ready = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
const waiting = (pod: Pod, reason: RegExp) =>
  pod.status?.containerStatuses?.some((c) => reason.test(c.state?.waiting?.reason ?? "")) ?? false;
// A day's traffic: lowest at night, a peak in the afternoon; a little noise on top.
const diurnal = (t: number) => 0.55 + 0.45 * Math.sin(((t / 3_600_000) % 24) * ((2 * Math.PI) / 24) - Math.PI / 2);
const noise = (t: number, seed: number) => 1 + 0.06 * Math.sin(t / 7_000 + seed) + 0.04 * Math.sin(t / 2_300 + seed * 3);

function nextVersion(version: string, bump: "minor" | "patch"): string {
  const [major, minor, patch] = version.split(".").map((n) => Number.parseInt(n, 10) || 0);
  return bump === "minor" ? `${major}.${(minor ?? 0) + 1}.0` : `${major}.${minor}.${(patch ?? 0) + 1}`;
}

export function createSimulator(store: ClusterStore, controllerOptions: ControllerOptions = {}): Simulator {
  const series: ScenarioSeries[] = [];
  const byKey = new Map<string, ScenarioSeries>();
  const faults: Fault[] = [];
  // The good template of each workload a template fault replaced, to restore when cleared.
  const goodTemplates = new Map<string, unknown>();
  const controller = controllerOptions;

  const workload = (t: { namespace: string; name: string }) => {
    const w = demoWorkloads.find((d) => d.namespace === t.namespace && d.name === t.name);
    if (!w) throw new Error(`no demo workload ${workloadKey(t)} (there are ${demoWorkloads.map(workloadKey).join(", ")})`);
    return w;
  };
  const podsOf = (w: DemoWorkload) => (store.list("pods", w.namespace) as Pod[]).filter((p) => p.metadata.labels?.app === w.name);
  const currentVersion = (w: DemoWorkload) => {
    const d = getDeployment(store, w);
    const image = ((d?.spec.template as { spec?: { containers?: { image?: string }[] } })?.spec?.containers?.[0]?.image ?? "").split(
      ":",
    )[1];
    return image ?? w.versions.at(-1)!;
  };
  const active = (kind: FaultKind, w: DemoWorkload) =>
    faults.some((f) => f.kind === kind && f.namespace === w.namespace && f.name === w.name);

  function upstreamDown(w: DemoWorkload): boolean {
    if (!w.dependsOn) return false;
    const up = demoWorkloads.find((d) => d.namespace === w.namespace && d.name === w.dependsOn);
    return up ? podsOf(up).filter(ready).length === 0 : false;
  }

  function measure(w: DemoWorkload, now: number): WorkloadState {
    const pods = podsOf(w);
    const readyPods = pods.filter(ready).length;
    const d = getDeployment(store, w);
    const behaviour = behaviourOf(d?.spec.template as never);
    // CPU saturation triples the traffic, and brings at least twice the peak: three times the
    // night's trickle stays within the pods' CPU, and the fault must show at any hour.
    const level = active("cpu_saturation", w) ? Math.max(3 * diurnal(now), 2) : diurnal(now);
    const load = w.peakRps * level * noise(now, w.name.length);
    // Each replica serves peak/initial × 1.25 before its CPU limit throttles it.
    const capacity = Math.max(readyPods, 0) * (w.peakRps / w.replicas) * 1.25;
    const utilisation = capacity > 0 ? load / capacity : 1;
    const throttled = Math.min(0.92, Math.max(0.01, (utilisation - 0.85) * 1.6));
    const down = upstreamDown(w);
    const errorRatio =
      readyPods === 0
        ? 1
        : Math.min(
            1,
            (behaviour === "errors" ? 0.27 : down ? 0.41 : 0.003) * noise(now, 7) + (utilisation > 1 ? (utilisation - 1) * 0.1 : 0),
          );
    const latency = 80 * (1 + Math.max(0, utilisation - 0.8) * 6) * noise(now, 3) + (behaviour === "errors" ? 240 : 0) + (down ? 2_900 : 0);
    return {
      namespace: w.namespace,
      name: w.name,
      version: currentVersion(w),
      behaviour,
      replicas: d?.spec.replicas ?? 0,
      ready: readyPods,
      crashLooping: pods.filter((p) => waiting(p, /CrashLoopBackOff/)).length,
      imagePull: pods.filter((p) => waiting(p, /ImagePull|ErrImage/)).length,
      errorRatio,
      latencyP99Ms: latency,
      requestRate: load,
      throttled: readyPods ? throttled : 0,
    };
  }

  function record(signal: Signal, labels: Record<string, string>, t: number, value: number) {
    const key = `${signal}|${JSON.stringify(labels)}`;
    let s = byKey.get(key);
    if (!s) {
      s = { signal, labels, values: [] };
      byKey.set(key, s);
      series.push(s);
    }
    s.values.push([Math.round(t / 1000), Number(value.toFixed(6))]);
    while (s.values.length && s.values[0]![0] * 1000 < t - KEEP_MS) s.values.shift();
  }

  function tick(now: number) {
    for (const w of demoWorkloads) {
      const m = measure(w, now);
      const red = { namespace: w.namespace, deployment: w.name };
      record("request_rate", red, now, m.requestRate);
      record("error_ratio", red, now, m.errorRatio);
      record("latency_p99_ms", red, now, m.latencyP99Ms);
      const perPodRps = m.ready ? m.requestRate / m.ready : 0;
      for (const pod of podsOf(w)) {
        const labels = { namespace: w.namespace, pod: pod.metadata.name, container: w.name };
        const up = ready(pod);
        const oom = m.behaviour === "oom";
        record("cpu_usage_cores", labels, now, up ? Math.min(0.5, (perPodRps / (w.peakRps / w.replicas)) * 0.32) : 0.01);
        record("cpu_throttled_ratio", labels, now, up ? m.throttled : 0);
        // An OOM-ing container climbs to its 96Mi limit and dies; a healthy one idles near 210Mi.
        record(
          "memory_working_set_bytes",
          labels,
          now,
          (oom ? 60 + ((now / 1000) % 40) : 210 * noise(now, pod.metadata.name.length)) * 2 ** 20,
        );
        const restarts =
          oom || m.behaviour === "bad-config"
            ? Math.floor((now - Date.parse(String(pod.metadata.creationTimestamp ?? new Date(now).toISOString()))) / 30_000) + 1
            : 0;
        record("restarts", labels, now, Math.max(0, restarts));
      }
    }
  }

  function inject(kind: FaultKind, target: { namespace: string; name: string }): Fault {
    const w = workload(target);
    if (faults.some((f) => f.namespace === w.namespace && f.name === w.name))
      throw new Error(`${workloadKey(w)} already has a fault: clear it first`);
    const version = currentVersion(w);
    const d = getDeployment(store, w);
    const withTemplate = (template: unknown) => {
      goodTemplates.set(workloadKey(w), d?.spec.template);
      applyDeployment(store, w, { template }, controller);
    };
    switch (kind) {
      case "bad_deploy":
        withTemplate(podTemplate(w, { version: nextVersion(version, "minor"), behaviour: "errors" }));
        break;
      case "image_pull":
        withTemplate(podTemplate(w, { version: `${nextVersion(version, "patch")}-rc.1`, behaviour: "image-pull" }));
        break;
      case "bad_config":
        withTemplate(podTemplate(w, { version, behaviour: "bad-config", env: { CACHE_TTL: "forever" } }));
        break;
      case "oom":
        withTemplate(podTemplate(w, { version: nextVersion(version, "patch"), behaviour: "oom", memory: "96Mi" }));
        break;
      case "dependency_outage": {
        if (!w.dependsOn)
          throw new Error(
            `${workloadKey(w)} calls no other service: pick one that does (${demoWorkloads
              .filter((x) => x.dependsOn)
              .map(workloadKey)
              .join(", ")})`,
          );
        applyDeployment(store, { namespace: w.namespace, name: w.dependsOn }, { replicas: 0 }, controller);
        break;
      }
      case "cpu_saturation":
        break;
    }
    const fault: Fault = {
      id: `${kind}-${w.namespace}-${w.name}-${Date.now().toString(36)}`,
      kind,
      namespace: w.namespace,
      name: w.name,
      at: new Date().toISOString(),
    };
    faults.push(fault);
    return fault;
  }

  function clear(id: string): Fault {
    const at = faults.findIndex((f) => f.id === id);
    if (at < 0) throw new Error(`no fault ${id}`);
    const [fault] = faults.splice(at, 1) as [Fault];
    const w = workload(fault);
    if (fault.kind === "dependency_outage") {
      const up = demoWorkloads.find((d) => d.namespace === w.namespace && d.name === w.dependsOn)!;
      applyDeployment(store, up, { replicas: up.replicas }, controller);
    } else if (fault.kind !== "cpu_saturation") {
      // What an engineer would do: put the last good template back (a no-op if Vigil already did).
      const good = goodTemplates.get(workloadKey(w));
      const now = getDeployment(store, w)?.spec.template;
      if (good && behaviourOf(now as never) !== "healthy") applyDeployment(store, w, { template: good }, controller);
    }
    return fault;
  }

  function logSource(namespace: string, podName: string, _container: string, previous: boolean): string | undefined {
    const pod = (store.list("pods", namespace) as Pod[]).find((p) => p.metadata.name === podName);
    const w = demoWorkloads.find((d) => d.namespace === namespace && d.name === pod?.metadata.labels?.app);
    if (!pod || !w) return undefined;
    const behaviour = behaviourOf({ metadata: { annotations: pod.metadata.annotations } });
    const template = getDeployment(store, w)?.spec.template as
      { spec?: { containers?: { env?: { name: string; value: string }[] }[] } } | undefined;
    const env = Object.fromEntries((template?.spec?.containers?.[0]?.env ?? []).map((e) => [e.name, e.value]));
    return podLog(w, behaviour, { previous, upstreamDown: upstreamDown(w), now: Date.now(), env: { ...env, VERSION: currentVersion(w) } });
  }

  return {
    series,
    controller,
    logSource,
    state: () => demoWorkloads.map((w) => measure(w, Date.now())),
    faults: () => [...faults],
    inject,
    clear,
    tick,
    start() {
      // An hour of history first, so charts and baselines exist from the first minute.
      const now = Date.now();
      for (let t = now - HISTORY_MS; t <= now; t += 60_000) tick(t);
      const timer = setInterval(() => tick(Date.now()), TICK_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
