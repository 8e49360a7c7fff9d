// The workload's pods: phase, readiness, restarts, and each container's current and last
// state — where crash loops, OOM kills, image pull errors and unschedulable pods show.
import type { V1Pod } from "@kubernetes/client-node";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";

export function isUnhealthy(pod: V1Pod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  const init = pod.status?.initContainerStatuses ?? [];
  if (pod.status?.phase === "Succeeded") return false;
  return (
    pod.status?.phase !== "Running" ||
    statuses.some((c) => !c.ready || (c.restartCount ?? 0) > 0) ||
    init.some((c) => (c.restartCount ?? 0) > 0 || !!c.state?.waiting)
  );
}

export function restarts(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

const uptime = (t: { startedAt?: Date | string; finishedAt?: Date | string } | undefined) =>
  t?.startedAt && t.finishedAt ? Math.round((new Date(t.finishedAt).getTime() - new Date(t.startedAt).getTime()) / 1000) : null;
const duration = (seconds: number) =>
  seconds >= 3600 ? `${(seconds / 3600).toFixed(1)}h` : seconds >= 120 ? `${Math.round(seconds / 60)}m` : `${seconds}s`;

// A pod's whole-pod verdicts from the kubelet, which no container status carries.
const POD_REASONS = /Evicted|NodeLost|Shutdown|Terminated|UnexpectedAdmissionError|OutOf\w+|NodeAffinity/;

function podLines(pod: V1Pod, facts: DraftFact[]): string[] {
  const name = pod.metadata?.name ?? "?";
  const lines: string[] = [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") {
    lines.push(`${name}: ${pod.status?.phase ?? "?"}, not scheduled (${scheduled.reason ?? ""}): ${scheduled.message ?? ""}`);
    facts.push({ kind: "unschedulable", pod: name, message: `${scheduled.reason ?? ""}: ${scheduled.message ?? ""}` });
  }
  if (pod.status?.reason) {
    lines.push(`${name}: ${pod.status.phase} (${pod.status.reason}): ${pod.status.message ?? ""}`);
    if (POD_REASONS.test(pod.status.reason))
      facts.push({
        kind: "podStatus",
        pod: name,
        phase: pod.status.phase ?? "",
        reason: pod.status.reason,
        message: pod.status.message ?? "",
        own: true,
      });
  }
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []).map((c) => ({ c, init: true })),
    ...(pod.status?.containerStatuses ?? []).map((c) => ({ c, init: false })),
  ];
  for (const { c, init } of statuses) {
    const parts = [`${name}/${c.name}${init ? " (init)" : ""}: ready=${c.ready}, restarts=${c.restartCount ?? 0}`];
    const waiting = c.state?.waiting;
    if (waiting) {
      parts.push(`waiting ${waiting.reason ?? ""}${waiting.message ? `: ${waiting.message}` : ""}`);
      facts.push({ kind: "waiting", pod: name, container: c.name, reason: waiting.reason ?? "", message: waiting.message ?? "", init });
    }
    const now = c.state?.terminated;
    // A finished init container that succeeded is the normal case: only failures say anything.
    const nowTelling = now && !(now.exitCode === 0 && (init || now.reason === "Completed"));
    if (now) parts.push(`terminated ${now.reason ?? ""} exit ${now.exitCode}${now.message ? `: ${now.message.trim().slice(0, 200)}` : ""}`);
    if (now && nowTelling) {
      const ran = uptime(now);
      if (ran !== null) parts.push(`after running ${duration(ran)}`);
      facts.push({
        kind: "terminated",
        pod: name,
        container: c.name,
        reason: now.reason ?? "",
        exitCode: now.exitCode ?? null,
        restarts: c.restartCount ?? 0,
        uptimeSeconds: ran,
        init,
        current: true,
        message: now.message ?? "",
      });
    }
    const last = c.lastState?.terminated;
    if (last) {
      parts.push(
        `last terminated ${last.reason ?? ""} (exit ${last.exitCode}) at ${last.finishedAt ? new Date(last.finishedAt).toISOString() : "?"}`,
      );
      const ran = uptime(last);
      if (ran !== null) parts.push(`after running ${duration(ran)}`);
      if (last.message) parts.push(last.message.trim().slice(0, 200));
      facts.push({
        kind: "terminated",
        pod: name,
        container: c.name,
        reason: last.reason ?? "",
        exitCode: last.exitCode ?? null,
        restarts: c.restartCount ?? 0,
        uptimeSeconds: ran,
        init,
        current: false,
        message: last.message ?? "",
      });
    }
    if (waiting || last || nowTelling || (!c.ready && !init)) lines.push(parts.join("; "));
  }
  return lines;
}

export function podsDraft(pods: V1Pod[], workload: string): Draft {
  const facts: DraftFact[] = [];
  const byPhase = new Map<string, number>();
  for (const p of pods) byPhase.set(p.status?.phase ?? "Unknown", (byPhase.get(p.status?.phase ?? "Unknown") ?? 0) + 1);
  const unhealthy = pods.filter(isUnhealthy).sort((a, b) => restarts(b) - restarts(a));
  const summary = `${pods.length} pods (${[...byPhase].map(([k, v]) => `${v} ${k}`).join(", ")}), ${unhealthy.length} unhealthy, ${pods.reduce((n, p) => n + restarts(p), 0)} restarts`;
  const lines = [summary];
  const details = unhealthy.flatMap((p) => podLines(p, facts));
  // Identical states across replicas say the same thing: keep a few distinct ones.
  const seen = new Set<string>();
  for (const line of details) {
    const shape = line.replace(/^[^:]+:/, "").replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, "");
    if (seen.has(shape) && seen.size >= 2) continue;
    seen.add(shape);
    if (lines.length < 10) lines.push(line);
  }
  return draft("pod", `Pods of ${workload}`, lines, unhealthy.length ? 6 : 1, facts);
}
