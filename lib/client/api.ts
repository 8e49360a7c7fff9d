// The console's HTTP client: the only place components' data requests are made.
import type { IncidentDetail, IncidentList } from "@/lib/incidents/queries";
import type { AuditList } from "@/lib/audit/queries";
import type { AuditVerification } from "@/lib/audit/verification";
import type { AuditFilters } from "@/lib/client/audit-filters";

/** What a server type looks like after JSON: dates become ISO strings. */
export type Jsonify<T> = T extends Date
  ? string
  : T extends bigint
    ? string
    : T extends (infer U)[]
      ? Jsonify<U>[]
      : T extends object
        ? { [K in keyof T]: Jsonify<T[K]> }
        : T;

export type IncidentListJson = Jsonify<IncidentList>;
export type IncidentJson = Jsonify<IncidentDetail>;
export type AuditListJson = Jsonify<AuditList>;
export type AuditEventJson = AuditListJson["items"][number];
export type ChainVerdictJson = Jsonify<AuditVerification>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) {
    // The session expired: a full navigation through sign-in, returning here afterwards.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(response.status, body.message ?? `request failed (${response.status})`);
  }
  return (await response.json()) as T;
}

export type IncidentFilters = { state?: string; severity?: string; namespace?: string; owner?: string; q?: string; sort?: string };

export function fetchIncidents(filters: IncidentFilters, cursor: string | null, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (cursor) params.set("cursor", cursor);
  return getJson<IncidentListJson>(`/api/incidents?${params}`, signal);
}

export function fetchIncident(id: string, signal?: AbortSignal) {
  return getJson<IncidentJson>(`/api/incidents/${encodeURIComponent(id)}`, signal);
}

/** The incident's live stream (Server-Sent Events), for an EventSource. */
export function incidentStreamUrl(id: string): string {
  return `/api/incidents/${encodeURIComponent(id)}/stream`;
}

export function fetchAuditEvents(filters: AuditFilters, cursor: string | null, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (cursor) params.set("cursor", cursor);
  return getJson<AuditListJson>(`/api/audit?${params}`, signal);
}

export function fetchAuditVerdict(signal?: AbortSignal) {
  return getJson<ChainVerdictJson>("/api/audit/verify", signal);
}

/** An incident's trace lineage: from its alerts to the Kubernetes requests made for it. */
export function fetchLineage(incidentId: string, signal?: AbortSignal) {
  return getJson<import("@/lib/lineage/types").Lineage>(`/api/incidents/${encodeURIComponent(incidentId)}/lineage`, signal);
}

export type OverviewJson = Jsonify<import("@/lib/overview/queries").Overview>;
export type IncidentMetricsJson = Jsonify<import("@/lib/incidents/metrics/load").IncidentMetrics>;
export type IncidentAnomaliesJson = Jsonify<import("@/lib/incidents/anomalies/load").IncidentAnomalies>;

/** The overview's charts and headline numbers for a range (24h, 7d, 30d). */
export function fetchOverview(range: string, signal?: AbortSignal) {
  return getJson<OverviewJson>(`/api/overview?${new URLSearchParams({ range })}`, signal);
}

/** The alert's metric around an incident, with its markers; `metric` picks another signal. */
export function fetchIncidentMetrics(incidentId: string, metric: string | null, signal?: AbortSignal) {
  const query = metric ? `?${new URLSearchParams({ signal: metric })}` : "";
  return getJson<IncidentMetricsJson>(`/api/incidents/${encodeURIComponent(incidentId)}/metrics${query}`, signal);
}

/** The anomalies on ingested telemetry that opened or joined an incident, and their series. */
export function fetchIncidentAnomalies(incidentId: string, signal?: AbortSignal) {
  return getJson<IncidentAnomaliesJson>(`/api/incidents/${encodeURIComponent(incidentId)}/anomalies`, signal);
}
