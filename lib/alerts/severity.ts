// Maps the many severity spellings in the wild (kube-prometheus, Grafana, PagerDuty
// habits) onto Vigil's five levels. Unknown or missing → medium: worth a look, not a page.
import type { Severity } from "@/lib/generated/prisma/enums";

const aliases: Record<string, Severity> = {
  critical: "critical",
  crit: "critical",
  page: "critical",
  p1: "critical",
  emergency: "critical",
  fatal: "critical",
  high: "high",
  error: "high",
  major: "high",
  p2: "high",
  warning: "medium",
  warn: "medium",
  medium: "medium",
  minor: "medium",
  p3: "medium",
  low: "low",
  p4: "low",
  info: "info",
  informational: "info",
  none: "info",
  p5: "info",
};

export const severityRank: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };

export function parseSeverity(label: string | undefined): Severity {
  return (label && aliases[label.trim().toLowerCase()]) || "medium";
}

export function maxSeverity(levels: Severity[]): Severity {
  return levels.reduce<Severity>((a, b) => (severityRank[b] > severityRank[a] ? b : a), "info");
}
