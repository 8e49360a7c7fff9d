// The chaos bench's traffic: N distinct alerts in Alertmanager groups of 10–50, each group a
// few notifications as an Alertmanager sends them (every alert of the group in each): all
// firing, sometimes the same again (a repeat), then some resolved, sometimes more resolved.
// At least one alert of every group keeps firing, so every incident stays live and is owed
// exactly one investigation (new firing alerts arrive only in a group's first notification).
import { alertmanagerPayload, type AlertSpec } from "@/lib/alerts/payload-builder";
import { labelsFingerprint } from "@/lib/alerts/fingerprint";
import { demoWorkloads } from "@/lib/demo/app";
import { seededRng, type Rng } from "@/lib/random";
import { alertKey } from "./workload";

export const MIN_GROUP = 10;
export const MAX_GROUP = 50;
const REPEAT_SHARE = 0.5;
const SECOND_RESOLVE_SHARE = 0.3;

const RULES = [
  { alertname: "HighErrorRate", severity: "critical", summary: "More than 5% of requests fail." },
  { alertname: "KubePodCrashLooping", severity: "critical", summary: "Pod is crash looping." },
  { alertname: "KubeContainerWaiting", severity: "warning", summary: "Containers are waiting to start." },
  { alertname: "CPUThrottlingHigh", severity: "warning", summary: "Processes experience elevated CPU throttling." },
];

export type ChaosAlert = { key: string; spec: AlertSpec };
export type ChaosGroup = { id: number; groupLabels: Record<string, string>; alerts: ChaosAlert[]; notifications: Notification[] };
/** One notification of a group: which of its alerts show as resolved (the rest fire). */
export type Notification = { group: number; step: number; resolved: ReadonlySet<number> };

export type ChaosWorkload = {
  groups: ChaosGroup[];
  /** Notifications in the order an Alertmanager sends them: a group's in its order. */
  notifications: Notification[];
  distinctAlerts: number;
  /** When resolved alerts ended: fixed, so both replicas and every retry send the same bytes. */
  endsAt: Date;
};

function suffix(rng: Rng, length: number): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

/** `base` plus `count` more of the group's firing alerts, picked at random. */
function resolveMore(rng: Rng, base: ReadonlySet<number>, size: number, count: number): Set<number> {
  const firing = Array.from({ length: size }, (_, i) => i).filter((i) => !base.has(i));
  const next = new Set(base);
  for (let k = 0; k < count && firing.length > 0; k++) next.add(firing.splice(Math.floor(rng() * firing.length), 1)[0]!);
  return next;
}

function buildGroup(rng: Rng, id: number, size: number, now: number): ChaosGroup {
  const rule = RULES[Math.floor(rng() * RULES.length)]!;
  const workload = demoWorkloads[Math.floor(rng() * demoWorkloads.length)]!;
  // A distinct cluster per group: the same workloads, reported by many Prometheus instances.
  const cluster = `chaos-${id.toString(36)}`;
  const template = suffix(rng, 9);
  const alerts = Array.from({ length: size }, (): ChaosAlert => {
    const pod = `${workload.name}-${template}-${suffix(rng, 5)}`;
    const labels = {
      alertname: rule.alertname,
      cluster,
      namespace: workload.namespace,
      deployment: workload.name,
      pod,
      service: workload.name,
      severity: rule.severity,
    };
    const spec: AlertSpec = {
      labels,
      annotations: { summary: rule.summary, description: `${workload.namespace}/${pod}: ${rule.summary}` },
      startsAt: new Date(now - Math.floor(rng() * 3_600_000)),
      generatorURL: `http://prometheus.${cluster}.local/graph?g0.expr=${rule.alertname}`,
    };
    return { key: alertKey(labelsFingerprint(labels), spec.startsAt), spec };
  });
  const steps: Set<number>[] = [new Set()];
  if (rng() < REPEAT_SHARE) steps.push(new Set());
  // Some resolve; at least one keeps firing.
  steps.push(resolveMore(rng, new Set(), size, 1 + Math.floor(rng() * Math.floor((size - 1) / 2))));
  if (rng() < SECOND_RESOLVE_SHARE) steps.push(resolveMore(rng, steps.at(-1)!, size, Math.floor((size - steps.at(-1)!.size - 1) / 2)));
  const groupLabels = { cluster, alertname: rule.alertname, namespace: workload.namespace };
  return { id, groupLabels, alerts, notifications: steps.map((resolved, step) => ({ group: id, step, resolved })) };
}

/** A reproducible workload of exactly `alerts` distinct alerts. */
export function chaosWorkload(alerts: number, seed = 42, now = Date.now()): ChaosWorkload {
  const rng = seededRng(seed);
  const groups: ChaosGroup[] = [];
  for (let left = alerts; left > 0;) {
    const drawn = MIN_GROUP + Math.floor(rng() * (MAX_GROUP - MIN_GROUP + 1));
    // The last group takes what is left (rather than leave fewer than MIN_GROUP for a group of its own).
    const size = left - drawn < MIN_GROUP ? left : drawn;
    groups.push(buildGroup(rng, groups.length, size, now));
    left -= size;
  }
  // Alertmanager works its groups side by side: a group's next notification comes a group
  // interval later, after others' first ones. Interleave them round by round.
  const notifications: Notification[] = [];
  const WINDOW = 20;
  for (let start = 0; start < groups.length; start += WINDOW) {
    const window = groups.slice(start, start + WINDOW);
    const rounds = Math.max(...window.map((g) => g.notifications.length));
    for (let step = 0; step < rounds; step++) for (const g of window) if (g.notifications[step]) notifications.push(g.notifications[step]!);
  }
  return { groups, notifications, distinctAlerts: alerts, endsAt: new Date(now) };
}

/** The webhook body of a notification: every alert of its group, resolved ones marked. */
export function notificationBody(workload: ChaosWorkload, n: Notification): string {
  const group = workload.groups[n.group]!;
  const specs = group.alerts.map((a, i) =>
    n.resolved.has(i) ? { ...a.spec, status: "resolved" as const, endsAt: workload.endsAt } : a.spec,
  );
  return JSON.stringify(
    alertmanagerPayload({
      receiver: "vigil",
      groupLabels: group.groupLabels,
      alerts: specs,
      externalURL: "http://alertmanager.chaos.local",
    }),
  );
}
