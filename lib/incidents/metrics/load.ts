// The alert's metric around an incident, for the incident page: the workload's most
// relevant signal from an hour before the alert until now (or 15 minutes after it resolved),
// the anomaly window, and markers for rollouts, changes and the actions Vigil executed.
// Read-only; a missing Prometheus, workload or cluster is a status, not an error.
import "server-only";
import type { V1Pod, V1ReplicaSet } from "@kubernetes/client-node";
import type { Db } from "@/lib/db/client";
import { VigilError } from "@/lib/errors";
import type { InvestigationPorts } from "@/lib/investigation/ports";
import type { Change } from "@/lib/changes/port";
import { resolveWorkload } from "@/lib/evidence/sources/workload";
import { isUnhealthy, restarts } from "@/lib/evidence/sources/pods";
import { aggregation, combine, seriesFor } from "@/lib/evidence/sources/metrics";
import type { Signal } from "@/lib/scenarios/schema";
import {
  anomalyWindow,
  buildMarkers,
  chartWindow,
  rankSignals,
  readingsFrom,
  signalHints,
  stepFor,
  type Anomaly,
  type Marker,
} from "@/lib/incidents/metrics/shape";

export type MetricsPorts = Pick<InvestigationPorts, "cluster" | "metrics" | "changes" | "now">;

export type IncidentMetrics = {
  status: "ok" | "no_prometheus" | "no_workload" | "no_data";
  workload: { namespace: string; name: string } | null;
  signal: Signal | null;
  /** Signals the chart can switch to, best first. */
  candidates: Signal[];
  window: { start: Date; end: Date };
  stepSeconds: number;
  anomaly: Anomaly | null;
  /** Unix ms and value: the workload's pods combined into one line. */
  points: { t: number; v: number }[];
  markers: Marker[];
  /** What could not be read (the cluster unreachable, a query failing), for a footnote. */
  notes: string[];
};

// A signal with no samples falls through to the next candidate, this many times at most.
const TRIES = 3;

async function safe<T>(what: string, notes: string[], fallback: T, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    notes.push(`${what}: ${(err as Error).message.split("\n")[0]}`);
    return fallback;
  }
}

function unhealthyFirst(pods: V1Pod[]): string[] {
  return [...pods]
    .sort((a, b) => Number(isUnhealthy(b)) - Number(isUnhealthy(a)) || restarts(b) - restarts(a))
    .map((p) => p.metadata?.name ?? "");
}

export async function getIncidentMetrics(
  db: Db,
  incidentId: string,
  ports: MetricsPorts,
  options: { signal?: Signal } = {},
): Promise<IncidentMetrics> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      namespace: true,
      workload: true,
      openedAt: true,
      resolvedAt: true,
      alerts: { select: { alertname: true, labels: true, startsAt: true, endsAt: true, resolvedAt: true, status: true } },
    },
  });
  if (!incident) throw new VigilError("not_found", `no incident ${incidentId}`);

  const now = ports.now();
  const alertStart = incident.alerts.length ? new Date(Math.min(...incident.alerts.map((a) => a.startsAt.getTime()))) : incident.openedAt;
  const window = chartWindow(alertStart, incident.resolvedAt, now);
  const stepSeconds = stepFor(window);
  const anomaly = anomalyWindow(incident.alerts, window);
  const empty = { workload: null, signal: null, candidates: [], window, stepSeconds, anomaly, points: [], markers: [], notes: [] };
  if (!ports.metrics) return { ...empty, status: "no_prometheus" };

  const notes: string[] = [];
  const labels = incident.alerts.map((a) => a.labels as Record<string, string>);
  const resolved = await safe("workload", notes, null, () => resolveWorkload(ports.cluster, labels));
  const namespace = resolved?.subject.namespace ?? incident.namespace;
  const name = resolved && resolved.subject.kind !== "unknown" ? resolved.subject.name : (incident.workload ?? resolved?.subject.name);
  if (!namespace || !name || name === "unknown") return { ...empty, status: "no_workload", notes };
  const workload = { namespace, name };
  const selector = resolved?.subject.selector ?? null;

  const [pods, replicaSets, changes, evidence, actions] = await Promise.all([
    selector ? safe("pods", notes, [] as V1Pod[], () => ports.cluster.listPods(namespace, selector)) : Promise.resolve([] as V1Pod[]),
    selector
      ? safe("rollout history", notes, [] as V1ReplicaSet[], () => ports.cluster.listReplicaSets(namespace, selector))
      : Promise.resolve([] as V1ReplicaSet[]),
    ports.changes
      ? safe("changes", notes, [] as Change[], () => ports.changes!.recentChanges(window.start, window.end))
      : Promise.resolve([] as Change[]),
    db.evidence.findFirst({ where: { incidentId, source: "metrics" }, orderBy: { createdAt: "desc" }, select: { content: true } }),
    db.proposedAction.findMany({
      where: { incidentId, executedAt: { not: null } },
      select: { kind: true, executedAt: true, replicas: true, rollbackOfId: true, namespace: true, name: true },
    }),
  ]);

  const candidates = rankSignals({
    requested: options.signal,
    hints: signalHints(incident.alerts.map((a) => a.alertname)),
    readings: readingsFrom(evidence?.content),
  });
  const target = { namespace, deployment: name };
  const podNames = unhealthyFirst(pods);
  const { metrics } = ports;
  let signal: Signal | null = null;
  let points: { t: number; v: number }[] = [];
  // What was asked for is tried alone: drawing another signal instead would mislabel it.
  for (const candidate of options.signal ? [options.signal] : candidates.slice(0, TRIES)) {
    const series = await safe(candidate, notes, [], () =>
      seriesFor(metrics.reader, metrics.catalog, candidate, target, podNames, window.start, window.end, stepSeconds),
    );
    const combined = combine(series, aggregation[candidate]).filter(([, v]) => Number.isFinite(v));
    if (combined.length === 0) continue;
    signal = candidate;
    points = combined.map(([t, v]) => ({ t: t * 1000, v }));
    break;
  }

  const markers = buildMarkers({
    window,
    workload,
    replicaSets,
    changes,
    actions: actions.flatMap((a) => (a.executedAt ? [{ ...a, executedAt: a.executedAt }] : [])),
  });
  return {
    status: signal ? "ok" : "no_data",
    workload,
    signal: signal ?? options.signal ?? candidates[0] ?? null,
    candidates,
    window,
    stepSeconds,
    anomaly,
    points,
    markers,
    notes,
  };
}
