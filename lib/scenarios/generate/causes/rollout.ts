// A rollout of a new revision, the way the Deployment and StatefulSet controllers do it: a new
// ReplicaSet (or controller revision) whose pods replace the old ones, completed or stuck.
import { event } from "../k8s-events";
import { addRevision, current, spawnPods } from "../k8s-workloads";
import { bump } from "../names";
import type { Target } from "../scaffold";
import { iso, SEC } from "../time";
import type { ContainerSpec, PodPlan, Revision, World } from "../types";

export type Rollout = { rev: Revision; prev: Revision; fresh: PodPlan[]; old: PodPlan[]; version: string };

/**
 * Rolls `t` to a new version at `at`. `complete`: every pod replaced; otherwise only `fresh`
 * pods of the new revision exist beside the old ones (a rollout stuck on failing pods).
 */
export function rollout(
  w: World,
  t: Target,
  at: number,
  o: { complete: boolean; fresh?: number; version?: string; mutate?: (c: { containers: ContainerSpec[]; init: ContainerSpec[] }) => void },
): Rollout {
  const { g, wl } = { g: w.g, wl: t.wl };
  const prev = current(wl);
  const version = o.version ?? bump(g, prev.version);
  const spec = t.build(version);
  o.mutate?.(spec);
  const rev = addRevision(w, wl, spec, at, version);
  const oldPods = wl.pods.filter(
    (p) => p.labels["pod-template-hash"] === prev.hash || p.labels["controller-revision-hash"]?.endsWith(prev.hash),
  );
  const n = o.complete ? wl.replicas : Math.max(1, Math.min(o.fresh ?? g.int(1, 2), wl.replicas));
  let fresh: PodPlan[];
  if (wl.kind === "StatefulSet") {
    // StatefulSets update from the highest ordinal down, reusing pod names.
    const byOrdinal = [...oldPods].sort((a, b) => b.name.localeCompare(a.name)).slice(0, n);
    wl.pods = wl.pods.filter((p) => !byOrdinal.includes(p));
    fresh = byOrdinal.map((p, i) => {
      const np = spawnPods(w, wl, rev, { count: 1, at: () => at + i * g.int(20, 60) * SEC })[0] as PodPlan;
      const ordinal = p.name.slice(wl.name.length + 1);
      np.name = p.name;
      np.labels = { ...np.labels, "apps.kubernetes.io/pod-index": ordinal, "statefulset.kubernetes.io/pod-name": p.name };
      np.spec = { ...np.spec, hostname: p.name };
      return np;
    });
  } else {
    if (o.complete) wl.pods = wl.pods.filter((p) => !oldPods.includes(p));
    else {
      const keep = Math.max(wl.replicas - Math.floor(wl.replicas * 0.25), 1);
      const drop = oldPods.slice(keep);
      wl.pods = wl.pods.filter((p) => !drop.includes(p));
    }
    fresh = spawnPods(w, wl, rev, { count: n, at: (i) => at + 2 * SEC + i * g.int(15, 60) * SEC });
  }
  if (!o.complete) {
    prev.desired = wl.pods.filter((p) => oldPods.includes(p)).length;
    rev.desired = n;
  }
  if (wl.kind === "Deployment") {
    const rs = `${wl.name}-${rev.hash}`;
    event(
      w,
      { kind: "Deployment", name: wl.name, uid: wl.uid },
      { reason: "ScalingReplicaSet", message: `Scaled up replica set ${rs} to ${n} from 0`, first: at, component: "deployment-controller" },
    );
    if (o.complete)
      event(
        w,
        { kind: "Deployment", name: wl.name, uid: wl.uid },
        {
          reason: "ScalingReplicaSet",
          message: `Scaled down replica set ${wl.name}-${prev.hash} to 0 from ${wl.replicas}`,
          first: at + n * 30 * SEC,
          component: "deployment-controller",
        },
      );
  }
  return { rev, prev, fresh, old: wl.pods.filter((p) => oldPods.includes(p)), version };
}

export function rolloutChange(w: World, t: Target, r: Rollout, at: number, summary: string): void {
  // Release notes read "<name> <version>: <what changed>".
  const text = summary.startsWith(`${t.wl.name}: `) ? `${t.wl.name} ${r.version}: ${summary.slice(t.wl.name.length + 2)}` : summary;
  w.changes.push({ at: iso(at), kind: "deploy", namespace: t.wl.ns, name: t.wl.name, summary: text, version: r.version });
}
