// What Vigil reads from a Kubernetes cluster to collect evidence. One implementation talks
// to the API server with @kubernetes/client-node (lib/cluster/kubernetes.ts); the sandbox
// cluster (lib/cluster/sandbox/) serves the same REST API, so the same client code reads it.
// Reads are ClusterReader; the one write remediation needs (patching a Deployment, behind
// approval) is ClusterWriter, so a component that only investigates cannot change anything.
import type {
  CoreV1Event,
  V1ConfigMap,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1NetworkPolicy,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";

export type LogOptions = { previous?: boolean; tailLines?: number; limitBytes?: number };

export interface ClusterReader {
  /** null when the object does not exist (404); other API errors throw. */
  getDeployment(namespace: string, name: string): Promise<V1Deployment | null>;
  getStatefulSet(namespace: string, name: string): Promise<V1StatefulSet | null>;
  getDaemonSet(namespace: string, name: string): Promise<V1DaemonSet | null>;
  getJob(namespace: string, name: string): Promise<V1Job | null>;
  getCronJob(namespace: string, name: string): Promise<V1CronJob | null>;
  listReplicaSets(namespace: string, labelSelector?: string): Promise<V1ReplicaSet[]>;
  listPods(namespace: string, labelSelector?: string): Promise<V1Pod[]>;
  /** Events of a namespace, optionally narrowed by a field selector (involvedObject.name=...). */
  listEvents(namespace: string, fieldSelector?: string): Promise<CoreV1Event[]>;
  /** A container's log; null when there is none (e.g. no previous container). */
  readPodLog(namespace: string, pod: string, container: string, options?: LogOptions): Promise<string | null>;
  listHorizontalPodAutoscalers(namespace: string): Promise<V2HorizontalPodAutoscaler[]>;
  getNode(name: string): Promise<V1Node | null>;
  listServices(namespace: string): Promise<V1Service[]>;
  listConfigMaps(namespace: string): Promise<V1ConfigMap[]>;
  listPersistentVolumeClaims(namespace: string): Promise<V1PersistentVolumeClaim[]>;
  listNetworkPolicies(namespace: string): Promise<V1NetworkPolicy[]>;
}

/** Every Kubernetes API call the reader makes, as RBAC sees it (for the least-privilege Role). */
export const clusterReadCalls = [
  { group: "apps", resource: "deployments", verbs: ["get"] },
  { group: "apps", resource: "statefulsets", verbs: ["get"] },
  { group: "apps", resource: "daemonsets", verbs: ["get"] },
  { group: "batch", resource: "jobs", verbs: ["get"] },
  { group: "batch", resource: "cronjobs", verbs: ["get"] },
  { group: "apps", resource: "replicasets", verbs: ["list"] },
  { group: "", resource: "pods", verbs: ["list"] },
  { group: "", resource: "pods/log", verbs: ["get"] },
  { group: "", resource: "events", verbs: ["list"] },
  { group: "autoscaling", resource: "horizontalpodautoscalers", verbs: ["list"] },
  { group: "", resource: "nodes", verbs: ["get"] },
  { group: "", resource: "services", verbs: ["list"] },
  { group: "", resource: "configmaps", verbs: ["list"] },
  { group: "", resource: "persistentvolumeclaims", verbs: ["list"] },
  { group: "networking.k8s.io", resource: "networkpolicies", verbs: ["list"] },
] as const;

/** One RFC 6902 operation, of the kinds Vigil's plans use. */
export type JsonPatchOp = { op: "add" | "replace" | "test"; path: string; value: unknown } | { op: "remove"; path: string };

export type DeploymentPatch =
  | { type: "strategic"; body: object } // application/strategic-merge-patch+json
  | { type: "merge"; body: object } // application/merge-patch+json
  | { type: "json"; body: JsonPatchOp[] }; // application/json-patch+json

export type WriteOptions = {
  /** The investigation's trace: the write carries it as field manager and annotation. */
  traceId: string;
  /** Ask the API server to validate and compute the result without storing it. */
  dryRun?: boolean;
  /** Optimistic concurrency: the write fails with 409 if the object's resourceVersion differs. */
  resourceVersion?: string;
  signal?: AbortSignal;
};

export interface ClusterWriter {
  /**
   * PATCH apps/v1 deployments; returns the object the API server answered (with dryRun: the
   * object as it would be). Failures throw ClusterWriteError (lib/cluster/write-error.ts).
   */
  patchDeployment(namespace: string, name: string, patch: DeploymentPatch, options: WriteOptions): Promise<V1Deployment>;
}

/**
 * Every Kubernetes API call the writer makes, as RBAC sees it. `get` is for JSON patches that
 * do not set the annotations themselves: the writer reads whether the Deployment has any, since
 * adding the trace annotation under a missing map fails the whole patch.
 */
export const clusterWriteCalls = [{ group: "apps", resource: "deployments", verbs: ["get", "patch"] }] as const;
