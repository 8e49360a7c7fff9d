// The alert itself is evidence: its description often states the symptom exactly.
import type { Draft } from "@/lib/evidence/draft";
import { draft } from "@/lib/evidence/draft";

export type AlertInput = { labels: Record<string, string>; annotations: Record<string, string>; startsAt: Date; status: string };

const SHOWN_LABELS = ["namespace", "deployment", "statefulset", "pod", "container", "reason", "severity", "node", "service", "job"];

export function alertDrafts(alerts: AlertInput[]): Draft[] {
  const byName = new Map<string, AlertInput[]>();
  for (const a of alerts) byName.set(a.labels.alertname ?? "alert", [...(byName.get(a.labels.alertname ?? "alert") ?? []), a]);
  return [...byName.entries()].map(([alertname, group]) => {
    const first = group[0]!;
    const texts = [
      ...new Set(
        group.flatMap((a) => [a.annotations.summary, a.annotations.description, a.annotations.message].filter(Boolean) as string[]),
      ),
    ];
    const labels = SHOWN_LABELS.filter((k) => first.labels[k]).map((k) => `${k}=${first.labels[k]}`);
    const pods = [...new Set(group.map((a) => a.labels.pod).filter(Boolean))];
    const lines = [...texts.slice(0, 4), `labels: ${labels.join(", ")}`];
    if (pods.length > 1) lines.push(`pods: ${pods.slice(0, 6).join(", ")}`);
    const title = `Alert ${alertname} ${first.status} since ${first.startsAt.toISOString()} (${group.length} alert${group.length > 1 ? "s" : ""})`;
    return draft(
      "alert",
      title,
      lines,
      10,
      texts.map((text) => ({ kind: "alert" as const, alertname, text })),
    );
  });
}
