// The resources the sandbox serves: where each lives in the REST API, which scenario key holds
// it, its kind, and the fields its field selectors accept (the API server rejects others).
import type { KubernetesState } from "@/lib/scenarios/schema";

export type ResourceKey = keyof KubernetesState;
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string } & Record<string, unknown>;
} & Record<string, unknown>;

export type Resource = {
  key: ResourceKey;
  group: string; // "" for the core group (/api/v1)
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Field-selector labels beyond metadata.name / metadata.namespace, and the path each reads. */
  fields: Record<string, string>;
};

const eventFields = {
  "involvedObject.kind": "involvedObject.kind",
  "involvedObject.namespace": "involvedObject.namespace",
  "involvedObject.name": "involvedObject.name",
  "involvedObject.uid": "involvedObject.uid",
  "involvedObject.apiVersion": "involvedObject.apiVersion",
  "involvedObject.resourceVersion": "involvedObject.resourceVersion",
  "involvedObject.fieldPath": "involvedObject.fieldPath",
  reason: "reason",
  reportingComponent: "reportingComponent",
  source: "source.component",
  type: "type",
};

const podFields = {
  "spec.nodeName": "spec.nodeName",
  "spec.restartPolicy": "spec.restartPolicy",
  "spec.schedulerName": "spec.schedulerName",
  "spec.serviceAccountName": "spec.serviceAccountName",
  "status.phase": "status.phase",
  "status.podIP": "status.podIP",
  "status.nominatedNodeName": "status.nominatedNodeName",
};

export const resources: readonly Resource[] = [
  { key: "deployments", group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true, fields: {} },
  { key: "statefulsets", group: "apps", version: "v1", plural: "statefulsets", kind: "StatefulSet", namespaced: true, fields: {} },
  { key: "replicasets", group: "apps", version: "v1", plural: "replicasets", kind: "ReplicaSet", namespaced: true, fields: {} },
  { key: "daemonsets", group: "apps", version: "v1", plural: "daemonsets", kind: "DaemonSet", namespaced: true, fields: {} },
  {
    key: "jobs",
    group: "batch",
    version: "v1",
    plural: "jobs",
    kind: "Job",
    namespaced: true,
    fields: { "status.successful": "status.successful" },
  },
  { key: "cronjobs", group: "batch", version: "v1", plural: "cronjobs", kind: "CronJob", namespaced: true, fields: {} },
  { key: "pods", group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true, fields: podFields },
  { key: "events", group: "", version: "v1", plural: "events", kind: "Event", namespaced: true, fields: eventFields },
  { key: "services", group: "", version: "v1", plural: "services", kind: "Service", namespaced: true, fields: {} },
  { key: "configmaps", group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true, fields: {} },
  {
    key: "persistentvolumeclaims",
    group: "",
    version: "v1",
    plural: "persistentvolumeclaims",
    kind: "PersistentVolumeClaim",
    namespaced: true,
    fields: {},
  },
  {
    key: "nodes",
    group: "",
    version: "v1",
    plural: "nodes",
    kind: "Node",
    namespaced: false,
    fields: { "spec.unschedulable": "spec.unschedulable" },
  },
  {
    key: "hpas",
    group: "autoscaling",
    version: "v2",
    plural: "horizontalpodautoscalers",
    kind: "HorizontalPodAutoscaler",
    namespaced: true,
    fields: {},
  },
  {
    key: "networkpolicies",
    group: "networking.k8s.io",
    version: "v1",
    plural: "networkpolicies",
    kind: "NetworkPolicy",
    namespaced: true,
    fields: {},
  },
];

export function findResource(group: string, version: string, plural: string): Resource | undefined {
  return resources.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function apiVersionOf(resource: Resource): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** `deployments.apps`, as the API server names a resource in its messages. */
export function qualifiedName(resource: Resource): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

function fieldPath(resource: Resource, field: string): string | undefined {
  return field === "metadata.name" || field === "metadata.namespace" ? field : resource.fields[field];
}

export function supportsField(resource: Resource, field: string): boolean {
  return fieldPath(resource, field) !== undefined;
}

/** An object's value for a field selector label; null when the resource does not support it. */
export function fieldValue(resource: Resource, object: KubeObject, field: string): string | null {
  const path = fieldPath(resource, field);
  if (path === undefined) return null;
  let value: unknown = object;
  for (const part of path.split(".")) value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  // Unset fields compare as "" (e.g. a Node event's involvedObject.namespace), booleans as "true"/"false".
  return value === undefined || value === null ? "" : String(value);
}
