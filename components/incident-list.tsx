"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { IncidentFilters, IncidentListJson } from "@/lib/client/api";
import { useIncidentList } from "@/lib/client/queries";
import { incidentStates, severities, severityLabel, stateLabel } from "@/lib/incidents/model";
import { SeverityBadge, StateBadge } from "@/components/badges";
import { RelativeTime } from "@/components/relative-time";

export function IncidentList({ initial }: { initial: IncidentListJson }) {
  const router = useRouter();
  const [filters, setFilters] = useState<IncidentFilters>({});
  const [search, setSearch] = useState("");
  const query = useIncidentList(filters, Object.keys(filters).length === 0 ? initial : undefined);
  const pages = query.data?.pages;
  const items = useMemo(() => (pages ?? []).flatMap((p) => p.items), [pages]);
  const counts = pages?.[0]?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;

  const set = (patch: IncidentFilters) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section className="panel" aria-labelledby="incidents-heading">
      <h1 id="incidents-heading">Incidents</h1>
      <div className="state-tabs" role="group" aria-label="Filter by state">
        <button type="button" aria-pressed={!filters.state} onClick={() => set({ state: undefined })}>
          All <span className="muted">{total}</span>
        </button>
        {incidentStates.map((s) => (
          <button key={s} type="button" aria-pressed={filters.state === s} onClick={() => set({ state: s })} data-testid={`state-tab-${s}`}>
            {stateLabel[s]} <span className="muted">{counts?.[s] ?? 0}</span>
          </button>
        ))}
      </div>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: search.trim() || undefined });
        }}
      >
        <label>
          Severity
          <select value={filters.severity ?? ""} onChange={(e) => set({ severity: e.target.value || undefined })}>
            <option value="">Any</option>
            {severities.map((s) => (
              <option key={s} value={s}>
                {severityLabel[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Namespace
          <input
            defaultValue=""
            placeholder="e.g. shop"
            onBlur={(e) => set({ namespace: e.target.value.trim() || undefined })}
            onKeyDown={(e) => e.key === "Enter" && set({ namespace: e.currentTarget.value.trim() || undefined })}
          />
        </label>
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="title, workload, alert, INC-12" />
        </label>
        <button type="submit">Apply</button>
      </form>

      {query.isError && (
        <p role="alert" className="notice error">
          Could not load incidents: {query.error.message}. Retrying…
        </p>
      )}
      {items.length === 0 && !query.isPending ? (
        <p className="empty" data-testid="incidents-empty">
          No incidents{Object.values(filters).some(Boolean) ? " match these filters" : " yet — they appear here as soon as Alertmanager sends an alert"}.
        </p>
      ) : (
        <table className="incident-table" data-testid="incident-table">
          <thead>
            <tr>
              <th scope="col">Incident</th>
              <th scope="col">Severity</th>
              <th scope="col">State</th>
              <th scope="col" className="hide-sm">Workload</th>
              <th scope="col" className="hide-sm">Alerts</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-testid="incident-row" data-incident-id={i.id} onClick={() => router.push(`/incidents/${i.id}`)}>
                <td>
                  <Link href={`/incidents/${i.id}`} data-testid="incident-link">
                    <span className="muted">INC-{i.number}</span> {i.title}
                  </Link>
                </td>
                <td>
                  <SeverityBadge severity={i.severity} />
                </td>
                <td>
                  <StateBadge state={i.state} />
                </td>
                <td className="hide-sm">{[i.namespace, i.workload].filter(Boolean).join("/") || "—"}</td>
                <td className="hide-sm">
                  {i.firingCount} firing / {i.alertCount}
                  {i.truncatedAlerts > 0 && <span className="muted"> (+{i.truncatedAlerts} truncated)</span>}
                </td>
                <td>
                  <RelativeTime iso={i.openedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <p>
          <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </p>
      )}
    </section>
  );
}
