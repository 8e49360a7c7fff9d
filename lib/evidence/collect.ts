// Collects an incident's evidence, deterministically and in parallel, before any model
// runs: the alert, the workload and its pods, events, logs, rollout history, autoscaling,
// nodes, metrics, recent changes and the workload's surroundings. A source that fails
// (403, timeout) becomes a line saying so, never a failed investigation.
import type { V1Pod } from "@kubernetes/client-node";
import type { ClusterReader } from "@/lib/cluster/port";
import type { MetricsReader, SignalCatalog } from "@/lib/metrics/port";
import type { ChangeFeed } from "@/lib/changes/port";
import type { EvidenceSet } from "@/lib/evidence/types";
import { draft, finalize, type Draft } from "@/lib/evidence/draft";
import { alertDrafts, type AlertInput } from "@/lib/evidence/sources/alert";
import { ownsPod, resolveWorkload, templateOf, workloadDraft } from "@/lib/evidence/sources/workload";
import { isUnhealthy, podsDraft, restarts } from "@/lib/evidence/sources/pods";
import { eventDrafts } from "@/lib/evidence/sources/events";
import { logDrafts, otherLogTargets, ownLogTargets, readLogs } from "@/lib/evidence/sources/logs";
import { namedPeers, peerDrafts } from "@/lib/evidence/sources/peers";
import { clusterDnsDrafts, mentionsDnsFailure } from "@/lib/evidence/sources/cluster-dns";
import { rolloutDraft } from "@/lib/evidence/sources/rollout";
import { hpaDrafts, nodeDrafts } from "@/lib/evidence/sources/capacity";
import { metricDrafts } from "@/lib/evidence/sources/metrics";
import { changeDrafts } from "@/lib/evidence/sources/changes";
import { configDrafts, networkDrafts, storageDrafts } from "@/lib/evidence/sources/surroundings";
import type { TelemetryReader } from "@/lib/telemetry/port";
import { incidentServices, telemetryDrafts } from "@/lib/evidence/sources/anomalies";
import { workloadFromLabels } from "@/lib/alerts/workload";
import type { RunbookIndex } from "@/lib/runbooks/port";
import { runbookDrafts, runbookQuery } from "@/lib/runbooks/evidence";

export type CollectInput = {
  alerts: AlertInput[];
  now: Date;
  cluster: ClusterReader;
  metrics?: { reader: MetricsReader; catalog: SignalCatalog } | null;
  changes?: ChangeFeed | null;
  /** Telemetry services pushed (anomalies, logs); `incidentId` finds the anomalies linked to it. */
  telemetry?: TelemetryReader | null;
  incidentId?: string | null;
  runbooks?: RunbookIndex | null;
};

function unhealthyFirst(pods: V1Pod[]): string[] {
  return [...pods]
    .sort((a, b) => Number(isUnhealthy(b)) - Number(isUnhealthy(a)) || restarts(b) - restarts(a))
    .map((p) => p.metadata?.name ?? "");
}

async function safe<T>(what: string, failures: string[], fallback: T, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    failures.push(`${what}: ${(err as Error).message.split("\n")[0]}`);
    return fallback;
  }
}

export async function collectEvidence(input: CollectInput): Promise<EvidenceSet> {
  const { cluster, now } = input;
  const failures: string[] = [];
  const alertStart = new Date(Math.min(...input.alerts.map((a) => a.startsAt.getTime()), now.getTime()));
  const resolved = await safe("workload", failures, null, () =>
    resolveWorkload(
      cluster,
      input.alerts.map((a) => a.labels),
    ),
  );
  // No cluster to ask (a service outside Kubernetes pushing telemetry): the alert's labels say what it is about.
  const labelled = workloadFromLabels(input.alerts[0]?.labels ?? {});
  const subject = resolved?.subject ?? {
    namespace: labelled.namespace ?? "default",
    name: labelled.name ?? "unknown",
    kind: "unknown" as const,
    replicas: null,
    selector: null,
  };
  const ns = subject.namespace;
  // Started now, awaited with the rest: one query to Vigil's own database.
  const telemetry = input.telemetry
    ? safe("telemetry", failures, [] as Draft[], () =>
        telemetryDrafts(input.telemetry!, input.incidentId ?? null, incidentServices(input.alerts, subject), alertStart, now),
      )
    : Promise.resolve([] as Draft[]);

  const alertPods = new Set(input.alerts.map((a) => a.labels.pod).filter((p): p is string => !!p));
  const [allPods, replicaSets, events, hpas, configMaps, claims, policies, changes, services] = await Promise.all([
    safe("pods", failures, [] as V1Pod[], () => cluster.listPods(ns)),
    safe("replicasets", failures, [], () => (subject.selector ? cluster.listReplicaSets(ns, subject.selector) : Promise.resolve([]))),
    safe("events", failures, [], () => cluster.listEvents(ns)),
    safe("autoscalers", failures, [], () => cluster.listHorizontalPodAutoscalers(ns)),
    safe("configmaps", failures, [], () => cluster.listConfigMaps(ns)),
    safe("persistentvolumeclaims", failures, [], () => cluster.listPersistentVolumeClaims(ns)),
    safe("networkpolicies", failures, [], () => cluster.listNetworkPolicies(ns)),
    safe(
      "changes",
      failures,
      [],
      () => input.changes?.recentChanges(new Date(alertStart.getTime() - 24 * 3600_000), now) ?? Promise.resolve([]),
    ),
    safe("services", failures, [], () => cluster.listServices(ns)),
  ]);

  const object = resolved?.object ?? null;
  const template = templateOf(object, subject.kind);
  const podLabels = template?.metadata?.labels ?? {};
  const own = allPods.filter((p) => ownsPod(subject, object, p, alertPods));
  const others = allPods.filter((p) => !own.includes(p));

  // The nodes the workload's pods run on (the unhealthy ones' first), where pressure and
  // NotReady show; the claims they mount, where a full volume shows.
  // A node the alert itself names (KubeNodeNotReady, node-exporter) comes first.
  const alertNodes = input.alerts.map((a) => a.labels.node).filter((n): n is string => !!n);
  const nodeNames = [
    ...new Set([
      ...alertNodes,
      ...(unhealthyFirst(own)
        .map((n) => own.find((p) => p.metadata?.name === n)?.spec?.nodeName)
        .filter(Boolean) as string[]),
    ]),
  ].slice(0, 3);
  const mounted = new Set(
    own.flatMap((p) => (p.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter(Boolean) as string[]),
  );
  const [ownReads, nodes, metrics] = await Promise.all([
    safe("logs", failures, [], () => readLogs(cluster, ns, ownLogTargets(own))),
    safe("nodes", failures, [], async () => (await Promise.all(nodeNames.map((n) => cluster.getNode(n)))).filter((n) => n !== null)),
    safe("metrics", failures, [] as Draft[], () =>
      input.metrics
        ? metricDrafts(
            input.metrics.reader,
            input.metrics.catalog,
            { namespace: ns, deployment: subject.name },
            unhealthyFirst(own),
            alertStart,
            now,
          )
        : Promise.resolve([]),
    ),
  ]);
  // A dependency the workload's own logs name is read next: its pods, its logs and its events.
  const ownText = ownReads.flatMap((r) => (r.text ?? "").split("\n").slice(-400));
  const peers = namedPeers(ownText, services, allPods, own);
  const peerPods = peers.flatMap((p) => p.pods);
  const [otherReads, clusterDns] = await Promise.all([
    safe("logs", failures, [], () => readLogs(cluster, ns, otherLogTargets(peerPods, others))),
    // Names that do not resolve: the cluster's DNS pods are the first dependency to check.
    mentionsDnsFailure(ownText)
      ? safe("cluster DNS", failures, [] as Draft[], () => clusterDnsDrafts(cluster))
      : Promise.resolve([] as Draft[]),
  ]);
  const logs = logDrafts([...ownReads, ...otherReads]);
  const ownNames = new Set([
    subject.name,
    ...own.map((p) => p.metadata?.name),
    ...replicaSets.map((r) => r.metadata?.name),
    ...hpas.map((h) => h.metadata?.name),
  ]);
  const related = (name: string) => ownNames.has(name);
  const peerNames = new Set([...peers.map((p) => p.service.metadata?.name), ...peerPods.map((p) => p.metadata?.name)]);

  const drafts: Draft[] = [
    ...alertDrafts(input.alerts),
    ...(own.length ? [podsDraft(own, subject.name)] : []),
    ...eventDrafts(events, related, subject.name, (name) => peerNames.has(name)),
    ...peerDrafts(peers),
    ...clusterDns,
    ...logs,
    ...[rolloutDraft(replicaSets, subject.name, alertStart)].filter((d): d is Draft => d !== null),
    ...[resolved ? workloadDraft(resolved) : null].filter((d): d is Draft => d !== null),
    // A Job deleted after it failed leaves its pods: one of them says what it ran.
    ...[
      subject.kind === "Job" && !object && own[0]
        ? workloadDraft({ subject: { ...subject, kind: "Pod", name: own[0].metadata?.name ?? subject.name }, object: own[0] })
        : null,
    ].filter((d): d is Draft => d !== null),
    ...hpaDrafts(hpas, subject.name),
    ...nodeDrafts(nodes),
    ...metrics,
    ...changeDrafts(changes, subject, alertStart),
    ...(await telemetry),
    ...configDrafts(configMaps, template?.spec),
    ...storageDrafts(claims, mounted),
    ...networkDrafts(
      policies,
      podLabels,
      peerPods.map((p) => p.metadata?.labels ?? {}),
    ),
  ];
  // Runbooks last: the library is asked with what the other sources found (one query to
  // Vigil's own database, so waiting for them costs nothing next to the cluster reads).
  if (input.runbooks) {
    const index = input.runbooks;
    drafts.push(
      ...(await safe("runbooks", failures, [] as Draft[], async () =>
        runbookDrafts(await index.search(runbookQuery(input.alerts, subject, drafts))),
      )),
    );
  }
  if (failures.length) drafts.push(draft("workload", "Evidence that could not be collected", failures, 0.5));
  const { items, facts } = finalize(drafts);
  return { subject, items, facts };
}
