// TanStack Query keys and hooks for the console's charts: the overview (per range), an
// incident's metric and its anomalies. All refresh on a slow interval: they summarise, they
// do not stream.
"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchIncidentAnomalies, fetchIncidentMetrics, fetchOverview, type OverviewJson } from "@/lib/client/api";

export const CHART_INTERVAL_MS = 30_000;

export const chartKeys = {
  overview: (range: string) => ["overview", range] as const,
  /** `version` changes when the chart's data must: the incident ended, Vigil executed an action. */
  incidentMetrics: (incidentId: string, signal: string | null, version: string) =>
    ["incident-metrics", incidentId, signal ?? "auto", version] as const,
  incidentAnomalies: (incidentId: string, version: string) => ["incident-anomalies", incidentId, version] as const,
};

/** The overview for a range. Switching range keeps the previous charts on screen (dimmed)
 * until the new numbers arrive, so nothing jumps. */
export function useOverview(range: string, initial?: OverviewJson) {
  return useQuery({
    queryKey: chartKeys.overview(range),
    queryFn: ({ signal }) => fetchOverview(range, signal),
    initialData: initial && initial.range === range ? initial : undefined,
    refetchInterval: CHART_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

/** An incident's metric chart; `signal` null lets the server pick the most relevant one.
 * Polled only while the incident is live; fetched again when it ends or Vigil acts. */
export function useIncidentMetrics(incidentId: string, signal: string | null, version: { endedAt: string | null; executed: number }) {
  return useQuery({
    queryKey: chartKeys.incidentMetrics(incidentId, signal, `${version.endedAt ?? "live"}:${version.executed}`),
    queryFn: ({ signal: abort }) => fetchIncidentMetrics(incidentId, signal, abort),
    refetchInterval: version.endedAt ? false : CHART_INTERVAL_MS,
    placeholderData: (previous) => previous,
    // A 4xx (a bad signal name) will not get better by asking again.
    retry: (failures, error) => failures < 2 && !("status" in error && typeof error.status === "number" && error.status < 500),
  });
}

/** An incident's anomalies: polled while it is live (an episode grows, another series joins). */
export function useIncidentAnomalies(incidentId: string, endedAt: string | null) {
  return useQuery({
    queryKey: chartKeys.incidentAnomalies(incidentId, endedAt ?? "live"),
    queryFn: ({ signal }) => fetchIncidentAnomalies(incidentId, signal),
    refetchInterval: endedAt ? false : CHART_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
