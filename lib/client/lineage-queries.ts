// The lineage's query: keyed under its incident, so whatever refreshes the incident (an
// approval, a rollback) refreshes its lineage too; polled slowly until the incident is over.
"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchLineage } from "@/lib/client/api";
import { incidentKeys } from "@/lib/client/queries";
import type { Lineage } from "@/lib/lineage/types";

export const LINEAGE_INTERVAL_MS = 5_000;

export const lineageKeys = {
  detail: (incidentId: string) => [...incidentKeys.detail(incidentId), "lineage"] as const,
};

/** Nothing more will be added: the incident is over and no request or verification is pending. */
export function lineageSettled(lineage: Lineage | undefined): boolean {
  if (!lineage || !["resolved", "closed"].includes(lineage.incident.state)) return false;
  return lineage.nodes.every(
    (n) =>
      !(n.kind === "verification" && n.detail.status === "pending") &&
      !(n.kind === "kubernetes_request" && n.detail.outcome === "in_flight"),
  );
}

export function useLineage(incidentId: string, initial?: Lineage) {
  return useQuery({
    queryKey: lineageKeys.detail(incidentId),
    queryFn: ({ signal }) => fetchLineage(incidentId, signal),
    initialData: initial,
    refetchInterval: (query) => (lineageSettled(query.state.data) ? false : LINEAGE_INTERVAL_MS),
  });
}
