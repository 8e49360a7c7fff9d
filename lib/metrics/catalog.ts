// The signal catalog: which PromQL answers each signal of the scenario format for a workload.
// The defaults assume kube-prometheus-stack (cAdvisor, kube-state-metrics, kubelet and its
// recording rules) plus apps exporting http_requests_total / http_request_duration_seconds;
// users whose metrics differ override templates in a JSON file.
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { SignalCatalog, SignalTarget } from "@/lib/metrics/port";
import { parseTemplate, renderParts, type TemplatePart } from "@/lib/metrics/template";
import { signals, type Signal } from "@/lib/scenarios/schema";
import { describeIssues } from "@/lib/validation";

// Pods of a Deployment, by the kubernetes-mixin recording rule kube-prometheus-stack ships:
// exact, unlike a `pod=~"name-.*"` guess that also catches `name-worker` pods.
const workloadPods =
  'namespace_workload_pod:kube_pod_owner:relabel{namespace="{{namespace}}", workload="{{deployment}}", workload_type="deployment"}';
const ofDeployment = (series: string) => `(${series} * on (namespace, pod) group_left() ${workloadPods})`;

const requests = 'rate(http_requests_total{namespace="{{namespace}}"}[5m])';
const errors = 'rate(http_requests_total{namespace="{{namespace}}", code=~"5.."}[5m])';
const buckets = 'rate(http_request_duration_seconds_bucket{namespace="{{namespace}}"}[5m])';
// cAdvisor also reports the pod cgroup (container="") and the pause container ("POD").
const containers = 'namespace="{{namespace}}", pod="{{pod}}", container!="", container!="POD"';

export const defaultCatalog: SignalCatalog = {
  // RED signals are per Deployment: what the alert names and what users feel.
  request_rate: `sum(${ofDeployment(requests)})`,
  // `or vector(0)`: with no 5xx at all there is no error series, and the ratio is 0, not absent.
  error_ratio: `(sum(${ofDeployment(errors)}) or vector(0)) / sum(${ofDeployment(requests)})`,
  latency_p99_ms: `1000 * histogram_quantile(0.99, sum by (le) (${ofDeployment(buckets)}))`,
  // Resource signals are per pod (one series per container): crashes and throttling are.
  cpu_usage_cores: `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{${containers}}[5m]))`,
  cpu_throttled_ratio:
    `sum by (namespace, pod, container) (rate(container_cpu_cfs_throttled_periods_total{${containers}}[5m]))` +
    ` / sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total{${containers}}[5m]))`,
  memory_working_set_bytes: `sum by (namespace, pod, container) (container_memory_working_set_bytes{${containers}, image!=""})`,
  restarts: 'sum by (namespace, pod, container) (kube_pod_container_status_restarts_total{namespace="{{namespace}}", pod="{{pod}}"})',
  // Client pools (HikariCP via Micrometer) or, for a database pod, the server's own count.
  db_connections_in_use:
    'sum by (namespace, pod) (hikaricp_connections_active{namespace="{{namespace}}", pod="{{pod}}"})' +
    ' or sum by (namespace, pod) (pg_stat_activity_count{namespace="{{namespace}}", pod="{{pod}}"})',
  // Volumes the pod mounts: kubelet reports by PVC, kube-state-metrics maps PVCs to pods.
  disk_used_ratio:
    'max by (namespace, pod, persistentvolumeclaim) (kubelet_volume_stats_used_bytes{namespace="{{namespace}}"}' +
    ' / kubelet_volume_stats_capacity_bytes{namespace="{{namespace}}"}' +
    " * on (namespace, persistentvolumeclaim) group_left(pod)" +
    ' kube_pod_spec_volumes_persistentvolumeclaims_info{namespace="{{namespace}}", pod="{{pod}}"})',
};

// Parsed templates, keyed by the template text so any catalog (default or loaded) shares it.
const parsed = new Map<string, TemplatePart[]>();

export function templateParts(template: string): TemplatePart[] {
  let parts = parsed.get(template);
  if (!parts) {
    parts = parseTemplate(template);
    parsed.set(template, parts);
  }
  return parts;
}

/** The PromQL for `signal` about `target`, or null when the template needs a label the target lacks. */
export function renderSignal(catalog: SignalCatalog, signal: Signal, target: SignalTarget): string | null {
  return renderParts(templateParts(catalog[signal]), target);
}

const template = z
  .string()
  .trim()
  .min(1, "must be a PromQL template")
  .superRefine((value, ctx) => {
    try {
      parseTemplate(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  });

const overridesSchema = z.strictObject(
  Object.fromEntries(signals.map((s) => [s, template.optional()])) as Record<Signal, z.ZodOptional<typeof template>>,
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown signal ${issue.keys.map((k) => `"${k}"`).join(", ")} (known: ${signals.join(", ")})`
        : undefined,
  },
);

/**
 * The default catalog with `overrides` applied: an object, or the path of a JSON file
 * holding one. Throws an error naming the file and the offending signal.
 */
export function loadCatalog(overrides?: Partial<SignalCatalog> | string): SignalCatalog {
  if (overrides === undefined) return { ...defaultCatalog };
  let raw: unknown = overrides;
  const source = typeof overrides === "string" ? overrides : "signal catalog";
  if (typeof overrides === "string") {
    try {
      raw = JSON.parse(readFileSync(overrides, "utf8"));
    } catch (err) {
      throw new Error(`${source}: cannot read the signal catalog: ${(err as Error).message}`);
    }
  }
  const result = overridesSchema.safeParse(raw);
  if (!result.success) throw new Error(`${source}: ${describeIssues(result.error)}`);
  const catalog = { ...defaultCatalog };
  for (const signal of signals) {
    const value = result.data[signal];
    if (value !== undefined) catalog[signal] = value;
  }
  return catalog;
}
