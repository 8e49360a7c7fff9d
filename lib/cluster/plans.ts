// The patches behind Vigil's remediations, exactly as kubectl builds them, so an approved
// action does what an operator running `kubectl scale/rollout restart/rollout undo` would:
// same patch type, same body. Pure functions of what the reader returned; the writer adds
// the trace annotation and the resourceVersion precondition when it sends them.
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from "@kubernetes/client-node";
import { jsonEqual } from "@/lib/cluster/patch";
import type { DeploymentPatch } from "@/lib/cluster/port";

export const revisionAnnotation = "deployment.kubernetes.io/revision";
export const restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";
const podTemplateHashLabel = "pod-template-hash";

/**
 * `kubectl scale`, as a merge patch of the Deployment itself rather than of its scale
 * subresource, so the trace annotation lands in the same write.
 */
export function scalePatch(deployment: V1Deployment, replicas: number): DeploymentPatch {
  if (!Number.isSafeInteger(replicas) || replicas < 0) {
    throw new RangeError(`cannot scale deployment ${deployment.metadata?.name ?? ""} to ${replicas} replicas`);
  }
  return { type: "merge", body: { spec: { replicas } } };
}

/** time.Now().Format(time.RFC3339) on a UTC host: seconds precision, `Z`. */
export function rfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `kubectl rollout restart`: a changed pod-template annotation makes the controller roll new pods. */
export function restartPatch(now: Date): DeploymentPatch {
  return { type: "strategic", body: { spec: { template: { metadata: { annotations: { [restartedAtAnnotation]: rfc3339(now) } } } } } };
}

// The Deployment's own annotations that `rollout undo` keeps instead of taking the ReplicaSet's.
const annotationsToSkip = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  revisionAnnotation,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

export type RollbackPlan =
  { ok: true; patch: DeploymentPatch; replicaSet: string; toRevision: number; template: V1PodTemplateSpec } | { ok: false; reason: string };

function revisionOf(replicaSet: V1ReplicaSet): number | null {
  const value = replicaSet.metadata?.annotations?.[revisionAnnotation];
  return value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : null;
}

// metav1.IsControlledBy: the controller owner reference points at this Deployment.
function controlledBy(replicaSet: V1ReplicaSet, deployment: V1Deployment): boolean {
  const owner = replicaSet.metadata?.ownerReferences?.find((ref) => ref.controller);
  if (!owner || owner.kind !== "Deployment") return false;
  const uid = deployment.metadata?.uid;
  return uid ? owner.uid === uid : owner.name === deployment.metadata?.name;
}

function withoutHash(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec {
  const copy: V1PodTemplateSpec = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[podTemplateHashLabel];
  return copy;
}

/**
 * `kubectl rollout undo [--to-revision]` (kubectl/pkg/polymorphichelpers/rollback.go): the
 * ReplicaSet with the second-highest revision among those the Deployment controls (or the
 * given revision), its template without the pod-template-hash label, as a JSON patch that
 * replaces the template and the annotations.
 */
export function rollbackPatch(deployment: V1Deployment, replicaSets: V1ReplicaSet[], toRevision?: number): RollbackPlan {
  const name = deployment.metadata?.name ?? "";
  if (deployment.spec?.paused) return { ok: false, reason: `deployment ${name} is paused; resume it before rolling back` };

  const owned = replicaSets
    .filter((rs) => controlledBy(rs, deployment))
    .map((rs) => ({ rs, revision: revisionOf(rs) }))
    .filter((entry): entry is { rs: V1ReplicaSet; revision: number } => entry.revision !== null)
    .sort((a, b) => b.revision - a.revision);
  const target = toRevision === undefined ? owned[1] : owned.find((entry) => entry.revision === toRevision);
  if (!target) {
    return {
      ok: false,
      reason:
        toRevision === undefined
          ? `no rollout history found for deployment ${name}`
          : `unable to find the specified revision ${toRevision}`,
    };
  }

  const template = withoutHash(target.rs.spec?.template);
  if (jsonEqual(template, withoutHash(deployment.spec?.template))) {
    return { ok: false, reason: `deployment ${name} already runs the template of revision ${target.revision}` };
  }

  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (annotationsToSkip.has(key)) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(target.rs.metadata?.annotations ?? {})) {
    if (!annotationsToSkip.has(key)) annotations[key] = value;
  }
  return {
    ok: true,
    replicaSet: target.rs.metadata?.name ?? "",
    toRevision: target.revision,
    template,
    patch: {
      type: "json",
      body: [
        { op: "replace", path: "/spec/template", value: template },
        { op: "replace", path: "/metadata/annotations", value: annotations },
      ],
    },
  };
}
