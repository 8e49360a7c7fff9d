// TanStack Query keys and hooks for the console. Lists and incidents refresh on an
// interval, so new incidents and state changes appear without a reload.
"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import {
  fetchAuditEvents,
  fetchAuditVerdict,
  fetchIncident,
  fetchIncidents,
  type AuditListJson,
  type IncidentFilters,
  type IncidentJson,
  type IncidentListJson,
} from "@/lib/client/api";
import type { AuditFilters } from "@/lib/client/audit-filters";

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

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
  verify: () => [...auditKeys.all, "verify"] as const,
};

/** The audit log, newest first. Not polled: people read it, and "Load more" must not shift. */
export function useAuditEvents(filters: AuditFilters, initial?: AuditListJson) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchAuditEvents(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: initial ? { pages: [initial], pageParams: [null] } : undefined,
    refetchOnWindowFocus: false,
    // A bad filter answers 400: retrying cannot help.
    retry: false,
  });
}

/** The chain's integrity verdict. Walking the whole chain costs the server: only on request
 * (opening the page, "Verify again"), never on focus or on an interval. */
export function useAuditVerification() {
  return useQuery({
    queryKey: auditKeys.verify(),
    queryFn: ({ signal }) => fetchAuditVerdict(signal),
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  });
}
