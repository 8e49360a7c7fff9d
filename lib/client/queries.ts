// TanStack Query keys and hooks for the console. Lists and incidents refresh on an
// interval, so new incidents and state changes appear without a reload.
"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { fetchIncident, fetchIncidents, type IncidentFilters, type IncidentJson, type IncidentListJson } from "@/lib/client/api";

export const LIVE_INTERVAL_MS = 2_000;

export const incidentKeys = {
  all: ["incidents"] as const,
  list: (filters: IncidentFilters) => [...incidentKeys.all, "list", filters] as const,
  detail: (id: string) => [...incidentKeys.all, "detail", id] as const,
};

export function useIncidentList(filters: IncidentFilters, initial?: IncidentListJson) {
  return useInfiniteQuery({
    queryKey: incidentKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchIncidents(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: initial ? { pages: [initial], pageParams: [null] } : undefined,
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}

export function useIncident(id: string, initial?: IncidentJson) {
  return useQuery({
    queryKey: incidentKeys.detail(id),
    queryFn: ({ signal }) => fetchIncident(id, signal),
    initialData: initial,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
