// Pure shaping of the incident page's metric chart: which signal to draw (the alert's name
// hints, the investigation's metric evidence says what moved), over which window, with
// which step, where the anomaly lies and which deploys, changes and Vigil actions to mark.
import type { V1ReplicaSet } from "@kubernetes/client-node";
import type { Change } from "@/lib/changes/port";
import { signals, type Signal } from "@/lib/scenarios/schema";

const MINUTE = 60_000;

/** Signals an alert's name points at, most specific first. */
const hints: [RegExp, Signal[]][] = [
  [/throttl/i, ["cpu_throttled_ratio", "cpu_usage_cores"]],
  [/cpu/i, ["cpu_usage_cores", "cpu_throttled_ratio"]],
  [/oom|memory|\bmem/i, ["memory_working_set_bytes", "restarts"]],
  [/crashloop|restart|crashing/i, ["restarts"]],
  [/latenc|slow|duration|p9\d/i, ["latency_p99_ms"]],
  [/error|5xx|fail|availability|success/i, ["error_ratio"]],
  [/connection|pool|hikari|postgres|database|\bdb/i, ["db_connections_in_use"]],
  [/disk|volume|pvc|filesystem|storage/i, ["disk_used_ratio"]],
  [/request|traffic|throughput|rps/i, ["request_rate"]],
];

export function signalHints(alertnames: string[]): Signal[] {
  const out: Signal[] = [];
  for (const name of alertnames) for (const [re, list] of hints) if (re.test(name)) out.push(...list);
  return [...new Set(out)];
}

export type MetricReading = { signal: Signal; baseline: number; recent: number; max: number };

const units: Record<string, number> = { "%": 0.01, Mi: 2 ** 20, ms: 1, cores: 1, "": 1 };

/** The inverse of formatSignal (lib/evidence/sources/metrics.ts): "35.0%" → 0.35, "512Mi" → bytes. */
export function parseFormatted(text: string): number | null {
  const m = /^(-?(?:\d+\.?\d*|Infinity)|NaN)\s*(%|Mi|ms|cores)?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * units[m[2] ?? ""]!;
}

const LINE = /^(\w+): (.+) before → (.+) now \(max (.+)\)$/;

/** One line of stored metric evidence ("error_ratio: 0.2% before → 31.0% now (max 35.4%)"). */
export function parseMetricLine(line: string): MetricReading | null {
  const m = LINE.exec(line.trim());
  if (!m || !(signals as readonly string[]).includes(m[1]!)) return null;
  const [baseline, recent, max] = [m[2]!, m[3]!, m[4]!].map(parseFormatted);
  if (baseline == null || recent == null || max == null) return null;
  return { signal: m[1] as Signal, baseline, recent, max };
}

/** How far a signal moved from its baseline, relative to it (the evidence collector's measure). */
export const movement = (r: MetricReading) => Math.abs(r.recent - r.baseline) / Math.max(Math.abs(r.baseline), 1e-9);

/** The stored metric evidence's signals, the most moved first. */
export function readingsFrom(content: string | null | undefined): MetricReading[] {
  const readings = (content ?? "")
    .split("\n")
    .map(parseMetricLine)
    .filter((r): r is MetricReading => r !== null);
  return readings.sort((a, b) => movement(b) - movement(a));
}

/**
 * The signals to offer, best first: what was asked for; then what the alert names and the
 * evidence shows moving; then what the alert names; then what moved (over 50%); then the
 * rest the evidence found; with neither alert nor evidence, the catalog in its order.
 */
export function rankSignals(input: { requested?: Signal; hints: Signal[]; readings: MetricReading[] }): Signal[] {
  const moved = input.readings.filter((r) => movement(r) > 0.5).map((r) => r.signal);
  const found = input.readings.map((r) => r.signal);
  const known = new Set(found);
  const ordered = [
    ...(input.requested ? [input.requested] : []),
    ...input.hints.filter((s) => moved.includes(s)),
    ...input.hints.filter((s) => !found.length || known.has(s)),
    ...moved,
    ...found,
    ...input.hints,
  ];
  const ranked = [...new Set(ordered)];
  return ranked.length ? ranked : [...signals];
}

export type TimeWindow = { start: Date; end: Date };

/** From an hour before the alert to now, or to 15 minutes after the incident resolved. */
export function chartWindow(alertStart: Date, resolvedAt: Date | null, now: Date): TimeWindow {
  const end = resolvedAt ? new Date(Math.min(now.getTime(), resolvedAt.getTime() + 15 * MINUTE)) : now;
  const start = new Date(Math.min(alertStart.getTime(), end.getTime()) - 60 * MINUTE);
  return { start, end };
}

const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

/** A round query step that keeps the chart near `points` samples (at least a minute: the
 * catalog's rates look 5 minutes back). */
export function stepFor(window: TimeWindow, points = 240): number {
  const ideal = (window.end.getTime() - window.start.getTime()) / 1000 / points;
  return steps.find((s) => s >= ideal) ?? steps[steps.length - 1]!;
}

export type AlertSpan = { startsAt: Date; endsAt: Date | null; resolvedAt: Date | null; status: "firing" | "resolved" };
export type Anomaly = { start: Date; end: Date; ongoing: boolean };

/** While any alert fires: from the first alert's start until now; once all resolved, until the last ended. */
export function anomalyWindow(alerts: AlertSpan[], window: TimeWindow): Anomaly | null {
  if (alerts.length === 0) return null;
  const start = Math.min(...alerts.map((a) => a.startsAt.getTime()));
  const ongoing = alerts.some((a) => a.status === "firing");
  const ends = alerts.map((a) => (a.endsAt ?? a.resolvedAt ?? window.end).getTime());
  const end = ongoing ? window.end.getTime() : Math.max(...ends);
  const clipped = { start: Math.max(start, window.start.getTime()), end: Math.min(end, window.end.getTime()) };
  if (clipped.end <= clipped.start) return null;
  return { start: new Date(clipped.start), end: new Date(clipped.end), ongoing };
}

export type Marker = { at: Date; kind: "rollout" | "change" | "action"; label: string; detail: string };

export type ExecutedAction = {
  kind: string;
  executedAt: Date;
  replicas: number | null;
  rollbackOfId: string | null;
  namespace: string;
  name: string;
};

const revisionOf = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? 0);

function actionLabel(a: ExecutedAction): string {
  if (a.rollbackOfId) return `Vigil: undo ${a.kind}`;
  if (a.kind === "scale") return `Vigil: scale to ${a.replicas ?? "?"}`;
  return `Vigil: ${a.kind}`;
}

/**
 * What changed around the incident, in time order, inside the window: the workload's
 * rollouts (a ReplicaSet created, by revision), changes from the feed (a deploy the cluster
 * already shows is not repeated) and the actions Vigil executed.
 */
export function buildMarkers(input: {
  window: TimeWindow;
  workload: { namespace: string; name: string };
  replicaSets: V1ReplicaSet[];
  changes: Change[];
  actions: ExecutedAction[];
}): Marker[] {
  const { window, workload } = input;
  const inside = (t: number) => t >= window.start.getTime() && t <= window.end.getTime();
  const markers: Marker[] = [];
  for (const rs of input.replicaSets) {
    const owned = rs.metadata?.ownerReferences?.some((o) => o.kind === "Deployment" && o.name === workload.name);
    const created = rs.metadata?.creationTimestamp ? new Date(rs.metadata.creationTimestamp) : null;
    if (!owned || !created || !inside(created.getTime())) continue;
    const images = rs.spec?.template?.spec?.containers?.map((c) => c.image).join(", ") ?? "";
    markers.push({
      at: created,
      kind: "rollout",
      label: `rev ${revisionOf(rs)} deployed`,
      detail: `${workload.name} revision ${revisionOf(rs)}${images ? ` (${images})` : ""}`,
    });
  }
  const rollouts = markers.map((m) => m.at.getTime());
  for (const c of input.changes) {
    const at = Date.parse(c.at);
    if (!inside(at) || c.namespace !== workload.namespace) continue;
    if (c.kind === "deploy" && c.name === workload.name && rollouts.some((t) => Math.abs(t - at) < 2 * MINUTE)) continue;
    const label = c.kind === "deploy" ? `deploy ${c.name}${c.version ? ` ${c.version}` : ""}` : `${c.kind} change`;
    markers.push({ at: new Date(at), kind: "change", label, detail: `${c.namespace}/${c.name}: ${c.summary}` });
  }
  for (const a of input.actions) {
    if (!inside(a.executedAt.getTime())) continue;
    markers.push({
      at: a.executedAt,
      kind: "action",
      label: actionLabel(a),
      detail: `${a.kind} ${a.namespace}/${a.name} executed by Vigil`,
    });
  }
  return markers.sort((a, b) => a.at.getTime() - b.at.getTime());
}
