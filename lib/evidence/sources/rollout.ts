// Rollout history: the workload's ReplicaSets by revision, and what changed in the pod
// template between the current revision and the one before (image, env, resources,
// probes, command) — the first thing to check when errors start with a deploy.
import type { V1Container, V1ReplicaSet } from "@kubernetes/client-node";
import { draft, type Draft } from "@/lib/evidence/draft";
import { redactEnvValue } from "@/lib/evidence/redact";

const revisionOf = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? 0);

function envMap(c: V1Container): Map<string, string> {
  return new Map(
    (c.env ?? []).map((e) => [
      e.name,
      e.valueFrom ? `from ${Object.keys(e.valueFrom)[0] ?? "ref"}` : (redactEnvValue(e.name, e.value) ?? ""),
    ]),
  );
}

export function templateChanges(before: V1ReplicaSet, after: V1ReplicaSet): string[] {
  const changes: string[] = [];
  const old = new Map((before.spec?.template?.spec?.containers ?? []).map((c) => [c.name, c]));
  for (const c of after.spec?.template?.spec?.containers ?? []) {
    const o = old.get(c.name);
    if (!o) {
      changes.push(`container ${c.name} added`);
      continue;
    }
    if (o.image !== c.image) changes.push(`${c.name} image ${o.image} → ${c.image}`);
    const [a, b] = [envMap(o), envMap(c)];
    for (const [k, v] of b)
      if (a.get(k) !== v) changes.push(a.has(k) ? `${c.name} env ${k}: ${a.get(k)} → ${v}` : `${c.name} env ${k} added: ${v}`);
    for (const k of a.keys()) if (!b.has(k)) changes.push(`${c.name} env ${k} removed`);
    const res = (x: V1Container) => JSON.stringify(x.resources ?? {});
    if (res(o) !== res(c)) changes.push(`${c.name} resources ${res(o)} → ${res(c)}`);
    for (const p of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
      if (JSON.stringify(o[p] ?? null) !== JSON.stringify(c[p] ?? null))
        changes.push(`${c.name} ${p} changed: ${JSON.stringify(o[p] ?? null)} → ${JSON.stringify(c[p] ?? null)}`);
    }
    if (JSON.stringify([o.command, o.args]) !== JSON.stringify([c.command, c.args])) changes.push(`${c.name} command/args changed`);
  }
  return changes;
}

export function rolloutDraft(replicaSets: V1ReplicaSet[], workload: string, alertStart: Date): Draft | null {
  const owned = replicaSets.filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === "Deployment" && o.name === workload));
  if (owned.length === 0) return null;
  const sorted = owned.sort((a, b) => revisionOf(b) - revisionOf(a));
  const current = sorted[0]!;
  const previous = sorted[1];
  const created = current.metadata?.creationTimestamp ? new Date(current.metadata.creationTimestamp) : null;
  const image = (rs: V1ReplicaSet) => rs.spec?.template?.spec?.containers?.map((c) => c.image).join(", ");
  const lines = sorted
    .slice(0, 3)
    .map(
      (rs) =>
        `revision ${revisionOf(rs)}: ${image(rs)}, created ${rs.metadata?.creationTimestamp ? new Date(rs.metadata.creationTimestamp).toISOString() : "?"}, replicas ${rs.status?.replicas ?? 0} (ready ${rs.status?.readyReplicas ?? 0})`,
    );
  const changes = previous ? templateChanges(previous, current) : [];
  lines.push(...changes.slice(0, 6).map((c) => `change in revision ${revisionOf(current)}: ${c}`));
  // A rollout shortly before the alert is a prime suspect; an old one is background.
  const recent =
    created !== null && alertStart.getTime() - created.getTime() < 6 * 3600_000 && alertStart.getTime() - created.getTime() > -3600_000;
  return draft("rollout", `Rollout history of ${workload}`, lines, recent ? 4.5 : 1.5, [
    {
      kind: "rollout",
      revision: revisionOf(current),
      previousRevision: previous ? revisionOf(previous) : null,
      createdAt: created?.toISOString() ?? null,
      changes,
    },
  ]);
}
