// The workload's pods: phase, readiness, restarts, and each container's current and last
// state — where crash loops, OOM kills, image pull errors and unschedulable pods show.
import type { V1Pod } from "@kubernetes/client-node";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";

export function isUnhealthy(pod: V1Pod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  return pod.status?.phase !== "Running" || statuses.some((c) => !c.ready || (c.restartCount ?? 0) > 0);
}

export function restarts(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function podLines(pod: V1Pod, facts: DraftFact[]): string[] {
  const name = pod.metadata?.name ?? "?";
  const lines: string[] = [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") {
    lines.push(`${name}: ${pod.status?.phase ?? "?"}, not scheduled (${scheduled.reason ?? ""}): ${scheduled.message ?? ""}`);
    facts.push({ kind: "unschedulable", pod: name, message: `${scheduled.reason ?? ""}: ${scheduled.message ?? ""}` });
  }
  if (pod.status?.reason) lines.push(`${name}: ${pod.status.phase} (${pod.status.reason}): ${pod.status.message ?? ""}`);
  for (const c of pod.status?.containerStatuses ?? []) {
    const parts = [`${name}/${c.name}: ready=${c.ready}, restarts=${c.restartCount ?? 0}`];
    const waiting = c.state?.waiting;
    if (waiting) {
      parts.push(`waiting ${waiting.reason ?? ""}${waiting.message ? `: ${waiting.message}` : ""}`);
      facts.push({ kind: "waiting", pod: name, container: c.name, reason: waiting.reason ?? "", message: waiting.message ?? "" });
    }
    if (c.state?.terminated) parts.push(`terminated ${c.state.terminated.reason ?? ""} exit ${c.state.terminated.exitCode}`);
    const last = c.lastState?.terminated;
    if (last) {
      parts.push(`last terminated ${last.reason ?? ""} (exit ${last.exitCode}) at ${last.finishedAt ?? "?"}`);
      const uptimeSeconds = last.startedAt && last.finishedAt ? Math.round((new Date(last.finishedAt).getTime() - new Date(last.startedAt).getTime()) / 1000) : null;
      if (uptimeSeconds !== null) parts.push(`after running ${uptimeSeconds >= 3600 ? `${(uptimeSeconds / 3600).toFixed(1)}h` : `${Math.round(uptimeSeconds / 60)}m`}`);
      facts.push({ kind: "terminated", pod: name, container: c.name, reason: last.reason ?? "", exitCode: last.exitCode ?? null, restarts: c.restartCount ?? 0, uptimeSeconds });
    }
    if (waiting || last || !c.ready) lines.push(parts.join("; "));
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
    if (lines.length < 8) lines.push(line);
  }
  return draft("pod", `Pods of ${workload}`, lines, unhealthy.length ? 6 : 1, facts);
}
