// Autoscaling and nodes: an HPA pinned at its maximum, nodes under pressure or not ready.
import type { V1Node, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { draft, type Draft } from "@/lib/evidence/draft";

export function hpaDrafts(hpas: V2HorizontalPodAutoscaler[], workload: string): Draft[] {
  return hpas
    .filter((h) => h.spec?.scaleTargetRef?.name === workload)
    .map((h) => {
      const current = h.status?.currentReplicas ?? 0;
      const desired = h.status?.desiredReplicas ?? 0;
      const max = h.spec?.maxReplicas ?? 0;
      const min = h.spec?.minReplicas ?? 1;
      const metrics = (h.status?.currentMetrics ?? []).map((m) => {
        const r = m.resource;
        return r
          ? `${r.name} ${r.current?.averageUtilization ?? r.current?.averageValue ?? "?"}${r.current?.averageUtilization !== undefined ? "%" : ""}`
          : m.type;
      });
      const targets = (h.spec?.metrics ?? []).map((m) =>
        m.resource
          ? `${m.resource.name} target ${m.resource.target?.averageUtilization ?? m.resource.target?.averageValue ?? "?"}`
          : m.type,
      );
      const conditions = (h.status?.conditions ?? [])
        .filter((c) => c.type === "ScalingLimited" && c.status === "True")
        .map((c) => `ScalingLimited: ${c.reason} ${c.message ?? ""}`);
      const lines = [
        `replicas current ${current}, desired ${desired}, min ${min}, max ${max}`,
        `metrics: ${metrics.join(", ") || "-"} (${targets.join(", ") || "no targets"})`,
        ...conditions,
      ];
      return draft("hpa", `HorizontalPodAutoscaler ${h.metadata?.name}`, lines, current >= max && max > 0 ? 4 : 1.5, [
        { kind: "hpa", current, desired, min, max },
      ]);
    });
}

const PRESSURE = ["MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"];

export function nodeDrafts(nodes: V1Node[]): Draft[] {
  return nodes.flatMap((n) => {
    const bad = (n.status?.conditions ?? []).filter(
      (c) => (c.type === "Ready" && c.status !== "True") || (PRESSURE.includes(c.type) && c.status === "True"),
    );
    const taints = (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
    if (bad.length === 0 && !n.spec?.unschedulable) return [];
    const lines = bad.map((c) => `${c.type}=${c.status} (${c.reason ?? ""}): ${c.message ?? ""}`);
    if (taints.length) lines.push(`taints: ${taints.join(", ")}`);
    if (n.spec?.unschedulable) lines.push("cordoned (unschedulable)");
    return [
      draft(
        "node",
        `Node ${n.metadata?.name}`,
        lines,
        5,
        bad.map((c) => ({
          kind: "node" as const,
          node: n.metadata?.name ?? "",
          condition: c.type,
          status: c.status,
          message: c.message ?? "",
        })),
      ),
    ];
  });
}
