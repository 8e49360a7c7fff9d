// Alertmanager v4 webhook payloads with kube-prometheus-stack rule names, labels as
// kube-state-metrics sets them, runbook links, fingerprints and Go's zero endsAt while firing.
import { digest } from "./k8s-pod";
import { isoMs } from "./time";
import type { Obj, World } from "./types";

const KSM = (w: World) => ({
  endpoint: "http",
  instance: `${w.cluster.podNet}.${(w.index * 7) % 250}.${(w.index * 13) % 250}:8080`,
  job: "kube-state-metrics",
  prometheus: "monitoring/kube-prometheus-stack-prometheus",
  service: "kube-prometheus-stack-kube-state-metrics",
});
const RUNBOOK = (name: string) => `https://runbooks.prometheus-operator.dev/runbooks/kubernetes/${name.toLowerCase()}`;

export type AlertOpts = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  expr: string;
  severity?: string;
  ksm?: boolean;
};

export function fire(w: World, alertname: string, o: AlertOpts): void {
  const labels: Record<string, string> = { alertname, ...(o.ksm === false ? {} : KSM(w)), ...o.labels, severity: o.severity ?? "warning" };
  const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  const fingerprint = digest(JSON.stringify(sorted)).slice(0, 16);
  if (w.alerts.some((a) => a.fingerprint === fingerprint)) return;
  w.alerts.push({
    status: "firing",
    labels: sorted,
    annotations: o.annotations,
    startsAt: isoMs(Math.min(o.startsAt, w.now - 30_000)),
    endsAt: "0001-01-01T00:00:00Z",
    generatorURL: `http://prometheus-kube-prometheus-prometheus.monitoring:9090/graph?g0.expr=${encodeURIComponent(o.expr)}&g0.tab=1`,
    fingerprint,
  });
}

const k8s = (
  w: World,
  name: string,
  labels: Record<string, string>,
  description: string,
  summary: string,
  expr: string,
  startsAt: number,
  severity = "warning",
) => fire(w, name, { labels, annotations: { description, runbook_url: RUNBOOK(name), summary }, startsAt, expr, severity });

export const alerts = {
  crashLooping: (w: World, pod: string, container: string, at: number) =>
    k8s(
      w,
      "KubePodCrashLooping",
      { namespace: w.ns, pod, container, reason: "CrashLoopBackOff" },
      `Pod ${w.ns}/${pod} (${container}) is in waiting state (reason: "CrashLoopBackOff").`,
      "Pod is crash looping.",
      `max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",namespace=~".*",reason="CrashLoopBackOff"}[5m]) >= 1`,
      at,
    ),
  podNotReady: (w: World, pod: string, at: number) =>
    k8s(
      w,
      "KubePodNotReady",
      { namespace: w.ns, pod },
      `Pod ${w.ns}/${pod} has been in a non-ready state for longer than 15 minutes.`,
      "Pod has been in a non-ready state for more than 15 minutes.",
      `sum by (namespace, pod, cluster) (max by (namespace, pod, cluster) (kube_pod_status_phase{job="kube-state-metrics",phase=~"Pending|Unknown|Failed"})) > 0`,
      at,
    ),
  replicasMismatch: (w: World, kind: string, name: string, at: number) => {
    const key = kind.toLowerCase();
    const alert = kind === "DaemonSet" ? "KubeDaemonSetRolloutStuck" : `Kube${kind}ReplicasMismatch`;
    const desc =
      kind === "DaemonSet"
        ? `DaemonSet ${w.ns}/${name} has not finished or progressed for at least 15 minutes.`
        : `${kind} ${w.ns}/${name} has not matched the expected number of replicas for longer than 15 minutes.`;
    k8s(
      w,
      alert,
      { namespace: w.ns, [key]: name },
      desc,
      kind === "DaemonSet" ? "DaemonSet rollout is stuck." : `${kind} has not matched the expected number of replicas.`,
      `kube_${key}_spec_replicas{job="kube-state-metrics"} > kube_${key}_status_replicas_available{job="kube-state-metrics"}`,
      at,
    );
  },
  rolloutStuck: (w: World, name: string, at: number) =>
    k8s(
      w,
      "KubeDeploymentRolloutStuck",
      { namespace: w.ns, deployment: name, condition: "Progressing" },
      `Rollout of deployment ${w.ns}/${name} is not progressing for longer than 15 minutes.`,
      "Deployment rollout is not progressing.",
      `kube_deployment_status_condition{condition="Progressing", status="false",job="kube-state-metrics"} != 0`,
      at,
    ),
  containerWaiting: (w: World, pod: string, container: string, reason: string, at: number) =>
    k8s(
      w,
      "KubeContainerWaiting",
      { namespace: w.ns, pod, container, reason },
      `pod/${pod} in namespace ${w.ns} on container ${container} has been in waiting state for longer than 1 hour. (reason: "${reason}")`,
      "Pod container waiting longer than 1 hour",
      `kube_pod_container_status_waiting_reason{reason!="CrashLoopBackOff", job="kube-state-metrics"} > 0`,
      at,
    ),
  jobFailed: (w: World, job: string, at: number) =>
    k8s(
      w,
      "KubeJobFailed",
      { namespace: w.ns, job_name: job, condition: "true" },
      `Job ${w.ns}/${job} failed to complete. Removing failed job after investigation should clear this alert.`,
      "Job failed to complete.",
      `kube_job_failed{job="kube-state-metrics"} > 0`,
      at,
    ),
  cpuThrottling: (w: World, pod: string, container: string, pct: number, at: number) =>
    k8s(
      w,
      "CPUThrottlingHigh",
      { namespace: w.ns, pod, container },
      `${pct}% throttling of CPU in namespace ${w.ns} for container ${container} in pod ${pod}.`,
      "Processes experience elevated CPU throttling.",
      `sum(increase(container_cpu_cfs_throttled_periods_total{container!="", job="kubelet", metrics_path="/metrics/cadvisor"}[5m])) without (id, metrics_path, name, image, endpoint, job, node) / sum(increase(container_cpu_cfs_periods_total[5m])) without (id, metrics_path, name, image, endpoint, job, node) > ( 25 / 100 )`,
      at,
      "info",
    ),
  hpaMaxed: (w: World, hpa: string, at: number) =>
    k8s(
      w,
      "KubeHpaMaxedOut",
      { namespace: w.ns, horizontalpodautoscaler: hpa },
      `HPA ${w.ns}/${hpa} has been running at max replicas for longer than 15 minutes.`,
      "HPA is running at max replicas",
      `kube_horizontalpodautoscaler_status_current_replicas{job="kube-state-metrics"} == kube_horizontalpodautoscaler_spec_max_replicas{job="kube-state-metrics"}`,
      at,
    ),
  pvFilling: (w: World, pvc: string, freePct: number, at: number) =>
    fire(w, "KubePersistentVolumeFillingUp", {
      labels: {
        namespace: w.ns,
        persistentvolumeclaim: pvc,
        job: "kubelet",
        metrics_path: "/metrics",
        service: "kube-prometheus-stack-kubelet",
        prometheus: "monitoring/kube-prometheus-stack-prometheus",
      },
      annotations: {
        description: `The PersistentVolume claimed by ${pvc} in Namespace ${w.ns} is only ${freePct}% free.`,
        runbook_url: RUNBOOK("KubePersistentVolumeFillingUp"),
        summary: "PersistentVolume is filling up.",
      },
      startsAt: at,
      expr: `kubelet_volume_stats_available_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"} < 0.03`,
      severity: "critical",
      ksm: false,
    }),
  nodeNotReady: (w: World, node: string, at: number) =>
    k8s(
      w,
      "KubeNodeNotReady",
      { node, condition: "Ready", status: "true" },
      `${node} has been unready for more than 15 minutes.`,
      "Node is not ready.",
      `kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0`,
      at,
    ),
  nodeMemory: (w: World, node: string, instance: string, pct: number, at: number) =>
    fire(w, "NodeMemoryHighUtilization", {
      labels: {
        instance,
        job: "node-exporter",
        namespace: "monitoring",
        pod: `kube-prometheus-stack-prometheus-node-exporter-${w.g.chars(5)}`,
        node,
      },
      annotations: {
        description: `Memory is filling up at ${instance}, has been above 90% for the last 15 minutes, is currently at ${pct}%.`,
        runbook_url: "https://runbooks.prometheus-operator.dev/runbooks/node/nodememoryhighutilization",
        summary: "Host is running out of memory.",
      },
      startsAt: at,
      expr: `100 - (node_memory_MemAvailable_bytes{job="node-exporter"} / node_memory_MemTotal_bytes{job="node-exporter"} * 100) > 90`,
      ksm: false,
    }),
  app: (
    w: World,
    name: string,
    labels: Record<string, string>,
    summary: string,
    description: string,
    at: number,
    expr: string,
    severity = "critical",
  ) =>
    fire(w, name, {
      labels: { namespace: w.ns, ...labels, team: w.team, prometheus: "monitoring/kube-prometheus-stack-prometheus" },
      annotations: {
        summary,
        description,
        runbook_url: `https://runbooks.${w.cluster.domain}.internal/alerts/${name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}`,
      },
      startsAt: at,
      expr,
      severity,
      ksm: false,
    }),
};

export function renderAlertmanager(w: World): Obj {
  const alertsList = w.alerts as { labels: Record<string, string>; annotations: Record<string, string> }[];
  const common = (pick: (a: (typeof alertsList)[number]) => Record<string, string>) =>
    Object.fromEntries(
      Object.entries(pick(alertsList[0] as (typeof alertsList)[number])).filter(([k, v]) => alertsList.every((a) => pick(a)[k] === v)),
    );
  const commonLabels = common((a) => a.labels);
  // Routes group by alertname and namespace; alerts of different names arrive grouped by namespace.
  const groupLabels: Record<string, string> = {};
  if (commonLabels.alertname || !commonLabels.namespace)
    groupLabels.alertname = commonLabels.alertname ?? (alertsList[0]?.labels.alertname as string);
  if (commonLabels.namespace) groupLabels.namespace = commonLabels.namespace;
  const key = Object.entries(groupLabels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ");
  return {
    receiver: w.g.pick(["vigil", "vigil-webhook", "incident-commander", "oncall-vigil"]),
    status: "firing",
    alerts: w.alerts,
    groupLabels,
    commonLabels,
    commonAnnotations: common((a) => a.annotations),
    externalURL: w.g.pick(["http://alertmanager-operated.monitoring:9093", `https://alertmanager.${w.cluster.domain}.internal`]),
    version: "4",
    groupKey: `{}:{${key}}`,
    truncatedAlerts: 0,
  };
}
