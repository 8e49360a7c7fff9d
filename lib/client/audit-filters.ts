// The audit log's filters as they live in the URL (so a filtered view can be shared) and in
// the form. Times are UTC everywhere: the table shows UTC, so the form's inputs mean UTC too.

export const auditFilterNames = ["action", "actor", "incident", "trace", "from", "to"] as const;
export type AuditFilterName = (typeof auditFilterNames)[number];
export type AuditFilters = Partial<Record<AuditFilterName, string>>;

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function param(source: ParamSource, name: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(name) : source[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text || undefined;
}

/** The filters a URL's search params hold; other params are ignored, empty ones dropped. */
export function filtersFromParams(source: ParamSource): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of auditFilterNames) {
    const value = param(source, name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** Search params for filters, in a stable order, so equal filters give equal URLs. */
export function filtersToSearch(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const name of auditFilterNames) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function sameFilters(a: AuditFilters, b: AuditFilters): boolean {
  return filtersToSearch(a) === filtersToSearch(b);
}

/** An ISO time as a datetime-local input's value, in UTC ("2026-11-22T09:30"); "" if unreadable. */
export function toUtcInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const text = date.toISOString();
  return date.getUTCSeconds() || date.getUTCMilliseconds() ? text.slice(0, 19) : text.slice(0, 16);
}

/** A datetime-local input's value, read as UTC, as an ISO time. A start is the first moment of the
 * minute or second shown ("09:30" → "09:30:00Z"); an end is its last, so "to 09:30" includes 09:30:45. */
export function fromUtcInput(value: string, edge: "start" | "end" = "start"): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(\.\d+)?$/.exec(value.trim());
  if (!match) return value.trim() || undefined;
  const [, minute, seconds, fraction] = match;
  if (edge === "start") return `${minute}${seconds ?? ":00"}${fraction ?? ""}Z`;
  return `${minute}${seconds ?? ":59"}${fraction ?? ".999"}Z`;
}

/** The whole second an ISO time falls in, as from/to filters: where to find one event. */
export function secondOf(iso: string): { from: string; to: string } {
  const second = iso.slice(0, 19);
  return { from: `${second}Z`, to: `${second}.999Z` };
}
