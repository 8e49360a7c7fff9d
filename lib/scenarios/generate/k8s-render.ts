// Renders workload plans to API objects: Deployment + ReplicaSets (revision annotations, owner
// references), StatefulSet, DaemonSet, Job, CronJob, with status counts computed from the pods.
import { podReady, renderPod } from "./k8s-pod";
import { current, rsUid } from "./k8s-workloads";
import { iso, MIN } from "./time";
import type { Obj, Revision, Workload, World } from "./types";

const template = (wl: Workload, rev: Revision, extra: Record<string, string> = {}) => ({
  metadata: { creationTimestamp: null, labels: { ...wl.labels, ...wl.extraLabels, "app.kubernetes.io/version": rev.version, ...extra } },
  spec: {
    ...(rev.init.length ? { initContainers: rev.init } : {}),
    containers: rev.containers,
    restartPolicy: wl.kind === "Job" ? "Never" : "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    serviceAccountName: wl.labels["app.kubernetes.io/name"],
    schedulerName: "default-scheduler",
    ...wl.podSpec,
  },
});

function meta(w: World, wl: Workload, extra: Obj = {}): Obj {
  return {
    name: wl.name,
    namespace: wl.ns,
    uid: wl.uid,
    resourceVersion: String(w.g.int(10_000_000, 99_999_999)),
    generation: current(wl).number + 2,
    creationTimestamp: iso(wl.createdAt),
    labels: { ...wl.labels, ...wl.extraLabels },
    ...extra,
  };
}

function deployment(w: World, wl: Workload, out: Out): void {
  const cur = current(wl);
  const live = wl.pods.filter((p) => !p.deletionTimestamp && p.phase !== "Failed" && p.phase !== "Succeeded");
  const ready = live.filter(podReady).length;
  const updated = live.filter((p) => p.labels["pod-template-hash"] === cur.hash).length;
  const maxUnavailable = Math.floor(wl.replicas * 0.25);
  const available = ready >= wl.replicas - maxUnavailable;
  const rsName = `${wl.name}-${cur.hash}`;
  const progressing =
    wl.progressing ??
    (updated === wl.replicas && live.length === wl.replicas
      ? {
          status: "True" as const,
          reason: "NewReplicaSetAvailable",
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
          since: cur.createdAt,
        }
      : { status: "True" as const, reason: "ReplicaSetUpdated", message: `ReplicaSet "${rsName}" is progressing.`, since: cur.createdAt });
  out.deployments.push({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(w, wl, { annotations: { "deployment.kubernetes.io/revision": String(cur.number) } }),
    spec: {
      replicas: wl.replicas,
      selector: { matchLabels: wl.labels },
      template: template(wl, cur),
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: cur.number + 2,
      replicas: live.length,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(wl.replicas - ready > 0 ? { unavailableReplicas: wl.replicas - ready } : {}),
      conditions: [
        available
          ? {
              type: "Available",
              status: "True",
              lastUpdateTime: iso(wl.createdAt),
              lastTransitionTime: iso(wl.createdAt),
              reason: "MinimumReplicasAvailable",
              message: "Deployment has minimum availability.",
            }
          : {
              type: "Available",
              status: "False",
              lastUpdateTime: iso(w.now - 15 * MIN),
              lastTransitionTime: iso(w.now - 15 * MIN),
              reason: "MinimumReplicasUnavailable",
              message: "Deployment does not have minimum availability.",
            },
        {
          type: "Progressing",
          status: progressing.status,
          lastUpdateTime: iso(Math.max(progressing.since, cur.createdAt)),
          lastTransitionTime: iso(progressing.since),
          reason: progressing.reason,
          message: progressing.message,
        },
      ],
    },
  });
  for (const rev of wl.revisions) {
    const pods = wl.pods.filter((p) => p.labels["pod-template-hash"] === rev.hash && !p.deletionTimestamp && p.phase === "Running");
    out.replicasets.push({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${wl.name}-${rev.hash}`,
        namespace: wl.ns,
        uid: rsUid(wl, rev),
        resourceVersion: String(w.g.int(10_000_000, 99_999_999)),
        generation: rev.desired > 0 ? 1 : 2,
        creationTimestamp: iso(rev.createdAt),
        labels: { ...wl.labels, "pod-template-hash": rev.hash },
        annotations: {
          "deployment.kubernetes.io/desired-replicas": String(wl.replicas),
          "deployment.kubernetes.io/max-replicas": String(wl.replicas + Math.ceil(wl.replicas * 0.25)),
          "deployment.kubernetes.io/revision": String(rev.number),
        },
        ownerReferences: [
          { apiVersion: "apps/v1", kind: "Deployment", name: wl.name, uid: wl.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: {
        replicas: rev.desired,
        selector: { matchLabels: { ...wl.labels, "pod-template-hash": rev.hash } },
        template: template(wl, rev, { "pod-template-hash": rev.hash }),
      },
      status: {
        replicas: pods.length,
        fullyLabeledReplicas: pods.length,
        readyReplicas: pods.filter(podReady).length,
        availableReplicas: pods.filter(podReady).length,
        observedGeneration: rev.desired > 0 ? 1 : 2,
      },
    });
  }
}

function statefulSet(w: World, wl: Workload, out: Out): void {
  const cur = current(wl);
  const ready = wl.pods.filter(podReady).length;
  out.statefulsets.push({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(w, wl),
    spec: {
      replicas: wl.replicas,
      selector: { matchLabels: wl.labels },
      serviceName: `${wl.name}-headless`,
      template: template(wl, cur),
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      ...(wl.claimTemplates ? { volumeClaimTemplates: wl.claimTemplates } : {}),
    },
    status: {
      observedGeneration: cur.number + 2,
      replicas: wl.pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: wl.pods.length,
      updatedReplicas: wl.pods.filter((p) => p.labels["controller-revision-hash"] === `${wl.name}-${cur.hash}`).length,
      currentRevision: `${wl.name}-${cur.hash}`,
      updateRevision: `${wl.name}-${cur.hash}`,
      collisionCount: 0,
    },
  });
}

function daemonSet(w: World, wl: Workload, out: Out): void {
  const cur = current(wl);
  const ready = wl.pods.filter(podReady).length;
  out.daemonsets.push({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta(w, wl, { annotations: { "deprecated.daemonset.template.generation": String(cur.number) } }),
    spec: {
      selector: { matchLabels: wl.labels },
      template: template(wl, cur),
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: wl.pods.length,
      desiredNumberScheduled: w.nodes.length,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      ...(w.nodes.length - ready > 0 ? { numberUnavailable: w.nodes.length - ready } : {}),
      updatedNumberScheduled: wl.pods.length,
      observedGeneration: cur.number,
    },
  });
}

function job(w: World, wl: Workload, out: Out): void {
  const cur = current(wl);
  const j = wl.job;
  if (!j) return;
  const failed = wl.pods.filter((p) => p.phase === "Failed").length;
  const active = wl.pods.filter((p) => p.phase === "Running" || p.phase === "Pending").length;
  const succeeded = wl.pods.filter((p) => p.phase === "Succeeded").length;
  const owner = wl.cron
    ? {
        ownerReferences: [
          { apiVersion: "batch/v1", kind: "CronJob", name: wl.cron.name, uid: wl.cron.uid, controller: true, blockOwnerDeletion: true },
        ],
      }
    : {};
  const conditions = j.failed
    ? [
        {
          type: "FailureTarget",
          status: "True",
          lastProbeTime: iso(j.failed.at),
          lastTransitionTime: iso(j.failed.at),
          reason: j.failed.reason,
          message: j.failed.message,
        },
        {
          type: "Failed",
          status: "True",
          lastProbeTime: iso(j.failed.at),
          lastTransitionTime: iso(j.failed.at),
          reason: j.failed.reason,
          message: j.failed.message,
        },
      ]
    : [];
  const sel = { "batch.kubernetes.io/controller-uid": wl.uid };
  out.jobs.push({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      ...meta(w, wl, owner),
      labels: { ...wl.labels, ...sel, "batch.kubernetes.io/job-name": wl.name, "controller-uid": wl.uid, "job-name": wl.name },
    },
    spec: {
      parallelism: j.parallelism,
      completions: j.completions,
      backoffLimit: j.backoffLimit,
      completionMode: "NonIndexed",
      suspend: false,
      selector: { matchLabels: sel },
      template: template(wl, cur, { ...sel, "batch.kubernetes.io/job-name": wl.name, "job-name": wl.name }),
    },
    status: {
      startTime: iso(j.startTime),
      ...(active ? { active } : {}),
      ...(failed ? { failed } : {}),
      ...(succeeded ? { succeeded } : {}),
      ready: wl.pods.filter(podReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
      ...(conditions.length ? { conditions } : {}),
    },
  });
  if (wl.cron) {
    const c = wl.cron;
    out.cronjobs.push({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: {
        name: c.name,
        namespace: wl.ns,
        uid: c.uid,
        resourceVersion: String(w.g.int(10_000_000, 99_999_999)),
        generation: 1,
        creationTimestamp: iso(c.createdAt),
        labels: { ...wl.labels, ...wl.extraLabels },
      },
      spec: {
        schedule: c.schedule,
        concurrencyPolicy: "Forbid",
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: { metadata: { creationTimestamp: null }, spec: { backoffLimit: j.backoffLimit, template: template(wl, cur) } },
      },
      status: {
        lastScheduleTime: iso(c.lastSchedule),
        ...(active ? { active: [{ kind: "Job", namespace: wl.ns, name: wl.name, uid: wl.uid, apiVersion: "batch/v1" }] } : {}),
      },
    });
  }
}

type Out = Record<"deployments" | "replicasets" | "statefulsets" | "daemonsets" | "jobs" | "cronjobs" | "pods", Obj[]>;

export function renderWorkloads(w: World): Out {
  const out: Out = { deployments: [], replicasets: [], statefulsets: [], daemonsets: [], jobs: [], cronjobs: [], pods: [] };
  for (const wl of w.workloads) {
    if (wl.kind === "Deployment") deployment(w, wl, out);
    else if (wl.kind === "StatefulSet") statefulSet(w, wl, out);
    else if (wl.kind === "DaemonSet") daemonSet(w, wl, out);
    else if (wl.kind === "Job") job(w, wl, out);
    for (const p of wl.pods) out.pods.push(renderPod(w, p));
  }
  return out;
}
