// What the workload depends on in its namespace: the ConfigMaps its pods mount or read
// (values redacted and clipped), claims that are pending or full, and the NetworkPolicies
// that select its pods.
import type { V1ConfigMap, V1NetworkPolicy, V1PersistentVolumeClaim, V1PodSpec } from "@kubernetes/client-node";
import { draft, type Draft } from "@/lib/evidence/draft";

export function configDrafts(configMaps: V1ConfigMap[], spec: V1PodSpec | undefined): Draft[] {
  const referenced = new Set<string>();
  for (const v of spec?.volumes ?? []) if (v.configMap?.name) referenced.add(v.configMap.name);
  for (const c of spec?.containers ?? []) {
    for (const e of c.envFrom ?? []) if (e.configMapRef?.name) referenced.add(e.configMapRef.name);
    for (const e of c.env ?? []) if (e.valueFrom?.configMapKeyRef?.name) referenced.add(e.valueFrom.configMapKeyRef.name);
  }
  return configMaps
    .filter((cm) => referenced.has(cm.metadata?.name ?? ""))
    .map((cm) => {
      const lines = Object.entries(cm.data ?? {}).flatMap(([k, v]) => {
        const value = v
          .split("\n")
          .filter((l) => l.trim())
          .slice(0, 12);
        return value.length === 1 ? [`${k}: ${value[0]!.slice(0, 200)}`] : [`${k}:`, ...value.map((l) => `  ${l.slice(0, 200)}`)];
      });
      return draft("config", `ConfigMap ${cm.metadata?.name}`, lines.slice(0, 16), 1.5);
    });
}

/** Claims the workload mounts (always: their capacity matters when a volume fills) and any
 * claim of the namespace that is not Bound or reports a condition. */
export function storageDrafts(claims: V1PersistentVolumeClaim[], mounted: Set<string> = new Set()): Draft[] {
  return claims
    .filter((c) => mounted.has(c.metadata?.name ?? "") || c.status?.phase !== "Bound" || (c.status?.conditions ?? []).length > 0)
    .slice(0, 4)
    .map((c) => {
      const conditions = (c.status?.conditions ?? []).map((k) => `${k.type}=${k.status}: ${k.message ?? ""}`);
      const fact = {
        kind: "volume" as const,
        claim: c.metadata?.name ?? "",
        phase: c.status?.phase ?? "",
        usedRatio: null,
        message: conditions.join("; "),
      };
      const line = `phase ${c.status?.phase ?? "?"}, requested ${c.spec?.resources?.requests?.storage ?? "?"}, capacity ${c.status?.capacity?.storage ?? "?"}${mounted.has(c.metadata?.name ?? "") ? ", mounted by the workload" : ""}`;
      return draft(
        "storage",
        `PersistentVolumeClaim ${c.metadata?.name}`,
        [line, ...conditions],
        c.status?.phase !== "Bound" || conditions.length ? 3 : 1.8,
        [fact],
      );
    });
}

function selects(policy: V1NetworkPolicy, labels: Record<string, string>): boolean {
  const match = policy.spec?.podSelector?.matchLabels ?? {};
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}

/** Policies selecting the workload's pods, and Ingress policies selecting a dependency it names
 * (a peer that only admits some callers drops everyone else's connections). */
export function networkDrafts(
  policies: V1NetworkPolicy[],
  podLabels: Record<string, string>,
  peerLabels: Record<string, string>[] = [],
): Draft[] {
  const own = policies.filter((p) => selects(p, podLabels));
  const peer = policies.filter(
    (p) =>
      !own.includes(p) &&
      (p.spec?.policyTypes ?? ["Ingress"]).includes("Ingress") &&
      peerLabels.some((l) => Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length > 0 && selects(p, l)),
  );
  const applying = [...own, ...peer];
  if (applying.length === 0) return [];
  const lines = applying.map((p) => {
    const types = p.spec?.policyTypes?.join("+") ?? "Ingress";
    const egress = p.spec?.egress ? `${p.spec.egress.length} egress rule(s)` : "no egress rules";
    const ingress = p.spec?.ingress ? `${p.spec.ingress.length} ingress rule(s)` : "no ingress rules";
    const whose = own.includes(p) ? "" : " (on the dependency it calls)";
    return `${p.metadata?.name}${whose}: ${types}; ${ingress}; ${egress}; created ${p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).toISOString() : "?"}`;
  });
  return [draft("network", "NetworkPolicies selecting the workload's pods or the dependency it calls", lines, 2.5)];
}
