// Error and warning lines services pushed to the ingest API, per service: repeats collapse
// into one line with a count, errors first. They are the service's own logs (`own`), so the
// rule engine's signatures weigh them like a workload's container logs.
import type { IngestedLogLine } from "@/lib/telemetry/port";
import { draft, type Draft } from "@/lib/evidence/draft";
import { compactLine, lineTemplate } from "@/lib/evidence/log-lines";

const SHOWN = 8;

type Group = { text: string; level: "error" | "warn"; count: number; latest: Date };

export function ingestedLogDrafts(lines: IngestedLogLine[]): Draft[] {
  const byService = new Map<string, Map<string, Group>>();
  for (const l of lines) {
    const level = l.level === "warn" ? "warn" : l.level === "error" || l.level === "fatal" ? "error" : null;
    if (!level) continue;
    const text = compactLine(l.message).text;
    const groups = byService.get(l.service) ?? new Map<string, Group>();
    byService.set(l.service, groups);
    const key = `${level}:${lineTemplate(text)}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (l.at > g.latest) g.latest = l.at;
    } else groups.set(key, { text, level, count: 1, latest: l.at });
  }
  const drafts: Draft[] = [];
  for (const [service, groups] of [...byService.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const shown = [...groups.values()]
      .sort(
        (a, b) => Number(b.level === "error") - Number(a.level === "error") || b.count - a.count || b.latest.getTime() - a.latest.getTime(),
      )
      .slice(0, SHOWN);
    const errors = shown.filter((g) => g.level === "error").length;
    drafts.push(
      draft(
        "logs",
        `Logs pushed by ${service} (errors and warnings)`,
        shown.map((g) => `${g.latest.toISOString()} ${g.level.toUpperCase()} ${g.text}${g.count > 1 ? ` (×${g.count})` : ""}`),
        4 + Math.min(errors, 3) * 0.3,
        shown.map((g) => ({
          kind: "log" as const,
          text: g.text,
          level: g.level,
          pod: service,
          container: "",
          previous: false,
          last: false,
          own: true,
          peer: false,
          init: false,
        })),
      ),
    );
  }
  return drafts;
}
