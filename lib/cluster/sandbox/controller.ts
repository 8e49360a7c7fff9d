// The deployment and ReplicaSet controllers of the sandbox, run synchronously after each write
// so a test or the demo can read the outcome of a remediation at once. A changed pod template
// gets a ReplicaSet (an existing one with the same template is reused and takes the next
// revision, which is how a rollback works; otherwise a new `<deployment>-<hash>` one) and the
// old ones drain to zero in one step; a scale only resizes the active ReplicaSet. Pods follow,
// and the Deployment's revision annotation and status are written back.
import { randomUUID } from "node:crypto";
import { jsonEqual } from "@/lib/cluster/patch";
import { podTemplateHash } from "@/lib/cluster/sandbox/names";
import { deletionOrder, isReady, newPod, type PodHealthHook, type PodTemplate } from "@/lib/cluster/sandbox/pods";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";
import { deploymentStatus, maxSurge } from "@/lib/cluster/sandbox/rollout-status";
import type { ClusterStore } from "@/lib/cluster/sandbox/store";

export type ControllerOptions = { podHealth?: PodHealthHook; now?: () => Date };

type Meta = KubeObject["metadata"] & {
  uid?: string;
  generation?: number;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind: string; name: string; uid?: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
};
type Workload = KubeObject & {
  metadata: Meta;
  spec: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: PodTemplate } & Record<string, unknown>;
};

const revisionKey = "deployment.kubernetes.io/revision";
const historyKey = "deployment.kubernetes.io/revision-history";
const hashLabel = "pod-template-hash";
// Deployment annotations the controller does not copy onto its ReplicaSets.
const notCopied = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  revisionKey,
  historyKey,
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

const revisionOf = (rs: Workload) => Number(rs.metadata.annotations?.[revisionKey] ?? 0) || 0;

function withoutHash(template: PodTemplate | undefined): PodTemplate {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[hashLabel];
  return copy;
}

const owns = (owner: Workload, kind: string) => (object: KubeObject) =>
  ((object.metadata as Meta).ownerReferences ?? []).some(
    (ref) =>
      ref.controller && ref.kind === kind && (owner.metadata.uid ? ref.uid === owner.metadata.uid : ref.name === owner.metadata.name),
  );

/** Writes `next` only when it differs from `before`, so an idle sync leaves resourceVersions alone. */
function save(store: ClusterStore, key: "replicasets" | "deployments" | "pods", before: KubeObject | undefined, next: KubeObject) {
  if (!before || !jsonEqual(before, next)) store.put(key, next);
}

function newReplicaSet(store: ClusterStore, deployment: Workload, owned: Workload[], now: Date): Workload {
  const template = deployment.spec.template ?? {};
  let collisions = 0;
  let hash = podTemplateHash(template);
  // A name taken by a ReplicaSet with another template: hash again, as collisionCount does.
  while (store.get("replicasets", deployment.metadata.namespace, `${deployment.metadata.name}-${hash}`))
    hash = podTemplateHash(template, ++collisions);
  const labels = { ...template.metadata?.labels, [hashLabel]: hash };
  const { metadata: d } = deployment;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.name}-${hash}`,
      namespace: d.namespace,
      uid: randomUUID(),
      generation: 1,
      creationTimestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
      labels,
      annotations: { [revisionKey]: String(Math.max(0, ...owned.map(revisionOf)) + 1) },
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "Deployment", name: d.name, uid: d.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      replicas: 0,
      selector: { ...deployment.spec.selector, matchLabels: { ...deployment.spec.selector?.matchLabels, [hashLabel]: hash } },
      template: { ...structuredClone(template), metadata: { ...structuredClone(template.metadata), labels } },
    },
    status: { replicas: 0 },
  };
}

// The ReplicaSet controller: as many pods as spec.replicas, then the status that counts them.
function syncReplicaSet(store: ClusterStore, rs: Workload, options: Required<ControllerOptions>, taken: Set<string>) {
  const namespace = rs.metadata.namespace;
  const pods = store.list("pods", namespace).filter(owns(rs, "ReplicaSet"));
  const want = rs.spec.replicas ?? 0;
  const nodes = store.list("nodes").map((node) => node.metadata.name);
  const template = rs.spec.template ?? {};
  for (let i = pods.length; i < want; i++) {
    const pod = newPod(rs, template, {
      health: options.podHealth(withoutHash(template)),
      nodeName: nodes[i % nodes.length],
      now: options.now(),
      taken,
    });
    store.put("pods", pod);
    pods.push(pod);
  }
  for (const pod of deletionOrder(pods).slice(0, Math.max(0, pods.length - want))) {
    store.remove("pods", namespace, pod.metadata.name);
    pods.splice(pods.indexOf(pod), 1);
  }
  const ready = pods.filter(isReady).length;
  const status = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  save(store, "replicasets", rs, { ...rs, status });
}

/**
 * Brings the ReplicaSets and pods of a Deployment in line with it. `templateChanged`: the write
 * changed spec.template, so a rollout happens; otherwise only the replica count can change.
 */
export function syncDeployment(
  store: ClusterStore,
  namespace: string,
  name: string,
  templateChanged: boolean,
  controllerOptions: ControllerOptions = {},
) {
  const options = { podHealth: () => "ready" as const, now: () => new Date(), ...controllerOptions };
  const deployment = store.get("deployments", namespace, name) as Workload | undefined;
  if (!deployment) return;
  const owned = (store.list("replicasets", namespace) as Workload[]).filter(owns(deployment, "Deployment"));
  const desired = deployment.spec.replicas ?? 1;
  const deploymentRevision = Number(deployment.metadata.annotations?.[revisionKey] ?? NaN);

  let active: Workload | undefined;
  if (!templateChanged) {
    active = owned.find((rs) => revisionOf(rs) === deploymentRevision) ?? [...owned].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
  }
  if (!active) {
    const target = withoutHash(deployment.spec.template);
    active = owned.find((rs) => jsonEqual(withoutHash(rs.spec.template), target));
    const others = owned.filter((rs) => rs !== active);
    if (active) {
      const next = Math.max(0, ...others.map(revisionOf)) + 1;
      const previous = revisionOf(active);
      if (previous < next) {
        const history = active.metadata.annotations?.[historyKey];
        active.metadata.annotations = {
          ...active.metadata.annotations,
          [revisionKey]: String(next),
          [historyKey]: history ? `${history},${previous}` : String(previous),
        };
      }
    } else active = newReplicaSet(store, deployment, owned, options.now());
    for (const old of others) {
      if (old.spec.replicas !== 0) old.metadata.generation = (old.metadata.generation ?? 1) + 1;
      old.spec.replicas = 0;
    }
  }

  const before = owned.find((rs) => rs.metadata.name === active.metadata.name);
  if (active.spec.replicas !== desired && before) active.metadata.generation = (active.metadata.generation ?? 1) + 1;
  active.spec.replicas = desired;
  const copied = Object.entries(deployment.metadata.annotations ?? {}).filter(([key]) => !notCopied.has(key));
  active.metadata.annotations = {
    ...active.metadata.annotations,
    ...Object.fromEntries(copied),
    "deployment.kubernetes.io/desired-replicas": String(desired),
    "deployment.kubernetes.io/max-replicas": String(desired + maxSurge(deployment.spec, desired)),
  };

  const taken = new Set(store.list("pods", namespace).map((pod) => pod.metadata.name));
  const synced = templateChanged ? [...owned.filter((rs) => rs !== active), active] : [active];
  for (const rs of synced) {
    const stored = store.get("replicasets", namespace, rs.metadata.name) as Workload | undefined;
    save(store, "replicasets", stored, { ...rs, status: stored?.status ?? rs.status });
    syncReplicaSet(store, store.get("replicasets", namespace, rs.metadata.name) as Workload, options, taken);
  }

  const replicaSets = (store.list("replicasets", namespace) as Workload[]).filter(owns(deployment, "Deployment"));
  const pods = store.list("pods", namespace).filter((pod) => replicaSets.some((rs) => owns(rs, "ReplicaSet")(pod)));
  const activePods = pods.filter(owns(active, "ReplicaSet"));
  const status = deploymentStatus(deployment, { pods, activePods, activeName: active.metadata.name, desired, now: options.now() });
  const annotations = { ...deployment.metadata.annotations, [revisionKey]: active.metadata.annotations[revisionKey]! };
  save(store, "deployments", deployment, { ...deployment, metadata: { ...deployment.metadata, annotations }, status });
}
