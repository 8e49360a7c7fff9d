// Which workload an alert is about, from its labels. kube-state-metrics and most rules
// label the workload directly; crash-loop and throttling alerts only name the pod, whose
// name a Deployment builds as <deployment>-<replicaset hash>-<pod suffix>. The agent loop
// confirms the owner through the API; this is the best guess at ingest time.
export type WorkloadRef = { namespace?: string; name?: string; kind?: string };

const POD_OF_DEPLOYMENT = /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/;
const POD_OF_STATEFULSET = /^(.+)-\d+$/;

export function workloadFromLabels(labels: Record<string, string>): WorkloadRef {
  const namespace = labels.namespace || labels.exported_namespace || undefined;
  if (labels.deployment) return { namespace, name: labels.deployment, kind: "Deployment" };
  if (labels.statefulset) return { namespace, name: labels.statefulset, kind: "StatefulSet" };
  if (labels.daemonset) return { namespace, name: labels.daemonset, kind: "DaemonSet" };
  if (labels.workload) return { namespace, name: labels.workload, kind: labels.workload_type || undefined };
  // kube-state-metrics' Job and CronJob labels; `job` is Prometheus' scrape job, never a workload.
  if (labels.job_name) return { namespace, name: labels.job_name, kind: "Job" };
  if (labels.cronjob) return { namespace, name: labels.cronjob, kind: "CronJob" };
  const pod = labels.pod;
  if (pod) {
    const deployment = POD_OF_DEPLOYMENT.exec(pod);
    if (deployment) return { namespace, name: deployment[1], kind: "Deployment" };
    const statefulset = POD_OF_STATEFULSET.exec(pod);
    if (statefulset) return { namespace, name: statefulset[1], kind: "StatefulSet" };
    // A name no controller builds: a bare pod (the collector confirms its owners through the API).
    return { namespace, name: pod, kind: "Pod" };
  }
  if (labels.container) return { namespace, name: labels.container };
  return { namespace };
}

/** The workload shared by a group: the common labels first, then the first alert that names one. */
export function groupWorkload(common: Record<string, string>, alerts: Record<string, string>[]): WorkloadRef {
  const fromCommon = workloadFromLabels(common);
  if (fromCommon.name) return fromCommon;
  for (const labels of alerts) {
    const ref = workloadFromLabels(labels);
    if (ref.name) return { ...ref, namespace: ref.namespace ?? fromCommon.namespace };
  }
  return fromCommon;
}
