// Prints what the chaos bench measured: traffic, retries, outages seen by the senders, the
// way back after each disruption, timings and what the database holds.
import type { ChaosOptions } from "./chaos-options";
import type { ChaosWorkload } from "./chaos-workload";
import type { ReplicaStats } from "./chaos-sender";
import type { Disruption } from "./chaos-disruptions";
import type { ChaosVerdict } from "./chaos-verify";
import type { DrainResult } from "./chaos-drain";

export type ChaosReport = {
  options: ChaosOptions;
  workload: ChaosWorkload;
  replicas: ReplicaStats[];
  disruptions: Disruption[];
  verdict: ChaosVerdict;
  drain: DrainResult;
  /** performance.now() when sending began: disruption times are shown from it. */
  sendStart: number;
  /** setup: PostgreSQL, migrations, the sandbox and the server (a console build included, if one ran). */
  times: { setupS: number; sendS: number; drainS: number };
  /** Why startVigil rebuilt the console during the run, if it did. */
  rebuilds: string[];
};

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(2)} s`);
const list = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(", ") || "none";

export function printChaosReport(r: ChaosReport): void {
  const { workload, verdict: v, times } = r;
  const sum = (f: (s: ReplicaStats) => number) => r.replicas.reduce((n, s) => n + f(s), 0);
  const alertDeliveries = 2 * workload.notifications.reduce((n, x) => n + workload.groups[x.group]!.alerts.length, 0);
  const lines = [
    "",
    "## Chaos bench",
    `alerts: ${int(workload.distinctAlerts)} distinct in ${int(workload.groups.length)} groups; ${int(alertDeliveries)} sent incl. duplicates (${int(2 * workload.notifications.length)} notifications: ${int(workload.notifications.length)} × 2 replicas)`,
    `requests: ${int(sum((s) => s.requests))} (${int(sum((s) => s.accepted))} accepted, ${int(sum((s) => s.retries))} retries)`,
  ];
  for (const s of r.replicas) {
    lines.push(
      `  ${s.name}: ${int(s.requests)} requests, ${int(s.retries)} retries; failures: ${list(Object.fromEntries(s.failures))}; longest unavailability ${secs(s.outage.longestMs)}`,
    );
  }
  lines.push("disruptions (times from the disruption's start):");
  for (const d of r.disruptions) {
    const at =
      d.startedAt === undefined ? "never" : `at ${secs(d.startedAt - r.sendStart)} (${d.startedWall?.toISOString().slice(11, 23)} UTC)`;
    const since = (t?: number) => (t === undefined || d.startedAt === undefined ? undefined : t - d.startedAt);
    lines.push(
      `  ${d.label}: ${at}; down ${secs(since(d.downAt))}, back ${secs(since(d.restoredAt))}, first accepted request ${secs(since(d.recoveredAt))}; ${int(d.failedAttempts)} failed attempts${d.error ? `; ERROR ${d.error}` : ""}`,
    );
  }
  lines.push(
    `wall time: ${(times.sendS + times.drainS).toFixed(1)} s from the first request to the last investigation (sending ${times.sendS.toFixed(1)} s, then investigations ${times.drainS.toFixed(1)} s${r.drain.drained ? "" : ", NOT drained"}); setup before it ${times.setupS.toFixed(1)} s`,
    `throughput while sending: ${int(workload.distinctAlerts / times.sendS)} distinct alerts/s, ${int(alertDeliveries / times.sendS)} alerts/s incl. duplicates, ${int(sum((s) => s.requests) / times.sendS)} requests/s`,
    `investigations: ${int(v.runs.succeeded)} succeeded runs for ${int(v.alerts.incidents)} incidents (${int(r.drain.atStart.completed ?? 0)} done when sending ended); ${int(v.runs.interrupted)} runs interrupted, ${int(v.runs.failed)} failed, ${int(v.runs.running)} left running; jobs: ${list(v.runs.jobs)}`,
    `stored: ${int(v.alerts.stored)} alerts (${int(v.alerts.lost)} lost, ${int(v.alerts.duplicated)} duplicated, ${int(v.alerts.wrongStatus)} wrong status, ${int(v.alerts.wrongReceiveCount)} wrong receiveCount)`,
    `deliveries: ${int(v.deliveries.webhookEvents)} webhook.received events (${int(sum((s) => s.accepted))} accepted requests); ${int(v.deliveries.stored)} alerts stored, ${int(v.deliveries.duplicates)} duplicates; receiveCounts add up to ${int(v.deliveries.receiveCounts)}`,
    `audit: ${int(v.auditEvents)} events, chain ${v.chain}; proposed actions: ${list(v.actions)}`,
  );
  for (const why of r.rebuilds)
    lines.push(
      `note: the console was rebuilt at the server's ${why} (its sources had changed): ${why === "start" ? "in the setup time" : "in that recovery time"}`,
    );
  console.log(lines.join("\n"));
}
