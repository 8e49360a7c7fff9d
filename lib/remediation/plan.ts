// The exact change an action makes: the patch kubectl would send for it (scale, rollout
// restart, rollout undo), or for the undo of an executed action, the patch restoring its
// saved pre-action state. Plus the readable before/after of the object it changes.
import "server-only";
import type { V1Deployment } from "@kubernetes/client-node";
import type { ClusterReader, DeploymentPatch } from "@/lib/cluster/port";
import { restartPatch, rollbackPatch, scalePatch } from "@/lib/cluster/plans";
import { flatten } from "@/lib/rca/model/describe";

export type PlanAction = { kind: string; namespace: string; name: string; replicas: number | null };

/** What an executed action saved before it wrote: enough to put the Deployment back. */
export type PreActionState = {
  resourceVersion: string | null;
  generation: number | null;
  revision: string | null;
  replicas: number | null;
  template: unknown;
};

export type Plan = { ok: true; patch: DeploymentPatch; summary: string } | { ok: false; reason: string };

export function preActionState(deployment: V1Deployment): PreActionState {
  return {
    resourceVersion: deployment.metadata?.resourceVersion ?? null,
    generation: deployment.metadata?.generation ?? null,
    revision: deployment.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null,
    replicas: deployment.spec?.replicas ?? null,
    template: structuredClone(deployment.spec?.template ?? null),
  };
}

export async function planAction(
  action: PlanAction,
  deployment: V1Deployment,
  cluster: ClusterReader,
  now: Date,
  restore?: PreActionState,
): Promise<Plan> {
  const current = deployment.spec?.replicas ?? 1;
  if (restore) {
    if (restore.template === null || restore.replicas === null) return { ok: false, reason: "the saved pre-action state is incomplete" };
    return {
      ok: true,
      // A JSON patch of exactly the two fields an action can change: the rest stays as it is now.
      patch: {
        type: "json",
        body: [
          { op: "replace", path: "/spec/template", value: restore.template },
          { op: "replace", path: "/spec/replicas", value: restore.replicas },
        ],
      },
      summary: `restore ${action.namespace}/${action.name} to its state before the action (revision ${restore.revision ?? "?"}, ${restore.replicas} replicas)`,
    };
  }
  switch (action.kind) {
    case "scale":
      if (action.replicas === null) return { ok: false, reason: "a scale action needs a replica count" };
      try {
        return {
          ok: true,
          patch: scalePatch(deployment, action.replicas),
          summary: `scale ${action.namespace}/${action.name} from ${current} to ${action.replicas} replicas`,
        };
      } catch (err) {
        return { ok: false, reason: (err as Error).message };
      }
    case "restart":
      return {
        ok: true,
        patch: restartPatch(now),
        summary: `rollout restart ${action.namespace}/${action.name} (new pods from the same template)`,
      };
    case "rollback": {
      const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      const plan = rollbackPatch(deployment, await cluster.listReplicaSets(action.namespace, selector || undefined));
      if (!plan.ok) return { ok: false, reason: plan.reason };
      return {
        ok: true,
        patch: plan.patch,
        summary: `rollout undo ${action.namespace}/${action.name} to revision ${plan.toRevision} (ReplicaSet ${plan.replicaSet})`,
      };
    }
    default:
      return { ok: false, reason: `a ${action.kind} action changes nothing in the cluster` };
  }
}

export type SpecChange = { path: string; before: string | null; after: string | null };

/** The spec fields that differ between two versions of a Deployment, in reading order. */
export function specChanges(before: V1Deployment, after: V1Deployment): SpecChange[] {
  const fields = (d: V1Deployment) => {
    const lines = [
      ...flatten(d.spec?.replicas, "spec.replicas"),
      ...flatten(d.spec?.template?.metadata, "template.metadata"),
      ...flatten(d.spec?.template?.spec, "spec.template.spec"),
    ];
    return new Map(lines.map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]));
  };
  const a = fields(before);
  const b = fields(after);
  const changes: SpecChange[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(path) ?? null;
    const now = b.get(path) ?? null;
    if (was !== now) changes.push({ path, before: was, after: now });
  }
  return changes;
}
