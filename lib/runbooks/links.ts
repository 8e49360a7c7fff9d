// How an alert names its runbook: a runbook_url annotation equal to a runbook's front-matter
// `url`, or whose last path segment (case-insensitive, ".md" dropped) is a runbook's slug or
// file name; or an alertname the runbook lists under `alerts`. Pure, so the search, the
// incident page and the tests agree.
import { baseName } from "@/lib/runbooks/names";

/** Annotation keys that carry a runbook link (Prometheus' convention first). */
export const RUNBOOK_ANNOTATIONS = ["runbook_url", "runbook", "runbookUrl", "runbook-url"] as const;

export type LinkableRunbook = { slug: string; path: string | null; url: string | null; alerts: string[] };
export type LinkReason = "runbook_url" | "alertname";

export function runbookUrls(annotations: Record<string, unknown>): string[] {
  // Stored JSON: never trust its shape.
  if (!annotations || typeof annotations !== "object") return [];
  return RUNBOOK_ANNOTATIONS.map((k) => annotations[k])
    .filter((v): v is string => typeof v === "string" && v.trim() !== "")
    .map((v) => v.trim());
}

/** The last path segment of a URL (or a bare name), lowercased, without .md: the key a
 * runbook's slug or file name is compared with. Query strings and fragments are ignored. */
export function runbookKey(url: string): string | null {
  const path = url.trim().replace(/[?#].*$/, "");
  const segment = path.split("/").filter(Boolean).pop();
  if (!segment || /^[a-z][a-z0-9+.-]*:$/i.test(segment)) return null;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A stray % is part of the name.
  }
  const key = baseName(decoded).toLowerCase();
  return key || null;
}

export function linkReason(
  runbook: LinkableRunbook,
  alert: { alertname: string; annotations: Record<string, unknown> },
): LinkReason | null {
  for (const url of runbookUrls(alert.annotations)) {
    if (runbook.url && runbook.url === url) return "runbook_url";
    const key = runbookKey(url);
    if (key && (key === runbook.slug.toLowerCase() || (runbook.path !== null && key === baseName(runbook.path).toLowerCase())))
      return "runbook_url";
  }
  if (alert.alertname && runbook.alerts.includes(alert.alertname)) return "alertname";
  return null;
}

/** The keys to look runbooks up by for these alerts (the SQL side of linkReason). */
export function linkKeys(alerts: { alertname: string; annotations: Record<string, unknown> }[]) {
  const urls = [...new Set(alerts.flatMap((a) => runbookUrls(a.annotations)))];
  return {
    urls,
    keys: [...new Set(urls.map(runbookKey).filter((k): k is string => k !== null))],
    alertnames: [...new Set(alerts.map((a) => a.alertname).filter(Boolean))],
  };
}
