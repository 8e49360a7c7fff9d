// A Deployment's status as the deployment controller reports it: replica counts and the
// Available and Progressing conditions that `kubectl rollout status` and Vigil's verification
// read. Conditions keep their transition time while their status holds, as the real ones do.
import { isReady } from "@/lib/cluster/sandbox/pods";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";

type Strategy = { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
type Condition = { type: string; status: string; reason: string; message: string; lastUpdateTime: string; lastTransitionTime: string };

// intstr.GetScaledValueFromIntOrPercent: surge rounds up, unavailability down; default 25%.
function scaled(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const percent = Number((value ?? "25%").replace(/%$/, ""));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

type DeploymentSpec = Record<string, unknown> & { strategy?: Strategy };

export function maxSurge(spec: DeploymentSpec, replicas: number): number {
  return spec.strategy?.type === "Recreate" ? 0 : scaled(spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
}

function maxUnavailable(spec: DeploymentSpec, replicas: number): number {
  return spec.strategy?.type === "Recreate"
    ? replicas
    : Math.min(replicas, scaled(spec.strategy?.rollingUpdate?.maxUnavailable, replicas, false));
}

function condition(previous: Condition[], next: Omit<Condition, "lastUpdateTime" | "lastTransitionTime">, at: string): Condition {
  const old = previous.find((c) => c.type === next.type);
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return old;
  return { ...next, lastUpdateTime: at, lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : at };
}

export function deploymentStatus(
  deployment: KubeObject & { spec: Record<string, unknown> },
  counts: { pods: KubeObject[]; activePods: KubeObject[]; activeName: string; desired: number; now: Date },
) {
  const { pods, activePods, activeName, desired } = counts;
  const at = counts.now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const available = pods.filter(isReady).length;
  const updatedAvailable = activePods.filter(isReady).length;
  const previous = ((deployment.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
  const isAvailable = available >= desired - maxUnavailable(deployment.spec, desired);
  const complete = activePods.length === desired && updatedAvailable === desired && pods.length === desired;
  return {
    observedGeneration: Number(deployment.metadata.generation ?? 1),
    replicas: pods.length,
    updatedReplicas: activePods.length,
    readyReplicas: available,
    availableReplicas: available,
    ...(pods.length > available ? { unavailableReplicas: pods.length - available } : {}),
    conditions: [
      condition(
        previous,
        isAvailable
          ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }
          : {
              type: "Available",
              status: "False",
              reason: "MinimumReplicasUnavailable",
              message: "Deployment does not have minimum availability.",
            },
        at,
      ),
      condition(
        previous,
        complete
          ? {
              type: "Progressing",
              status: "True",
              reason: "NewReplicaSetAvailable",
              message: `ReplicaSet "${activeName}" has successfully progressed.`,
            }
          : { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${activeName}" is progressing.` },
        at,
      ),
    ],
  };
}
