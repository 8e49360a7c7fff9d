// The incident scenario format, version 1 (see schema.json and ../shared/scenarios/FORMAT.md):
// a frozen incident used by the eval, the sandbox cluster and tests. Kubernetes objects
// are kept as the API returns them; only the fields Vigil relies on are checked.
import { z } from "zod";
import { webhookPayloadSchema } from "@/lib/alerts/schema";

export const signals = [
  "request_rate",
  "error_ratio",
  "latency_p99_ms",
  "cpu_usage_cores",
  "cpu_throttled_ratio",
  "memory_working_set_bytes",
  "restarts",
  "db_connections_in_use",
  "disk_used_ratio",
] as const;
export type Signal = (typeof signals)[number];

export const rootCauses = [
  "oom_killed",
  "bad_config",
  "bad_deploy",
  "image_pull",
  "cpu_saturation",
  "memory_leak",
  "dependency_failure",
  "db_connection_exhaustion",
  "probe_failure",
  "node_pressure",
  "capacity_limit",
  "certificate_expired",
  "dns_failure",
  "disk_full",
  "network_policy",
  "unknown",
] as const;
export type RootCause = (typeof rootCauses)[number];

export const actionKinds = ["rollback", "restart", "scale", "none"] as const;
export type ActionKindName = (typeof actionKinds)[number];

/** What a remediation may name as its target. Only Deployments and StatefulSets can be rolled
 * back or scaled, DaemonSets also restarted; for a Job, CronJob or bare Pod the only action is none. */
export const workloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

const k8sObject = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
});
export type K8sObject = z.infer<typeof k8sObject>;

const objects = z.array(k8sObject).default([]);

export const kubernetesStateSchema = z.object({
  deployments: objects,
  replicasets: objects,
  pods: objects,
  events: objects,
  nodes: objects,
  hpas: objects,
  statefulsets: objects,
  services: objects,
  configmaps: objects,
  persistentvolumeclaims: objects,
  networkpolicies: objects,
  daemonsets: objects,
  jobs: objects,
  cronjobs: objects,
});
export type KubernetesState = z.infer<typeof kubernetesStateSchema>;

export const seriesSchema = z.object({
  signal: z.enum(signals),
  labels: z.record(z.string(), z.string()),
  values: z.array(z.tuple([z.number(), z.number()])),
});
export type ScenarioSeries = z.infer<typeof seriesSchema>;

export const changeSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(["deploy", "config", "scale", "flag"]),
  namespace: z.string(),
  name: z.string(),
  summary: z.string(),
  version: z.string().optional(),
});
export type ScenarioChange = z.infer<typeof changeSchema>;

const actionTarget = z.object({
  action: z.enum(actionKinds),
  kind: z.enum(workloadKinds).optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  replicas: z.number().int().optional(),
});

export const scenarioSchema = z.object({
  format: z.literal(1),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  title: z.string(),
  now: z.iso.datetime({ offset: true }),
  alertmanager: webhookPayloadSchema,
  kubernetes: kubernetesStateSchema,
  logs: z.record(z.string(), z.string()).default({}),
  metrics: z.array(seriesSchema).default([]),
  changes: z.array(changeSchema).default([]),
  expected: z
    .object({
      rootCause: z.enum(rootCauses),
      evidence: z.array(z.string()),
      remediation: actionTarget,
      forbidden: z.array(z.union([z.enum(actionKinds), actionTarget])).optional(),
    })
    .optional(),
});
export type Scenario = z.infer<typeof scenarioSchema>;
