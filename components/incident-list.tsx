// The incident list: state chips with counts, filters (owner too) and sort held in the URL,
// the table (live: refetched on an interval), "Load more" by cursor, and the keyboard — with
// "a" acknowledging the focused incident for responders, its outcome announced.
"use client";

import "@/app/styles/incidents.css";
import { useMemo, useRef } from "react";
import type { IncidentListJson } from "@/lib/client/api";
import { useIncidentList } from "@/lib/client/queries";
import { useListView } from "@/lib/client/list-view-url";
import { useListKeyboard } from "@/lib/client/list-keyboard";
import { isFiltered, sameView, withView, type ListView } from "@/lib/incidents/list-view";
import { sortLabel } from "@/lib/incidents/sort";
import { stateLabel } from "@/lib/incidents/model";
import { IncidentStateChips } from "@/components/incident-state-chips";
import { IncidentFilters } from "@/components/incident-filters";
import { IncidentTable } from "@/components/incident-table";
import { ResultSkeleton } from "@/components/result-skeleton";
import type { Viewer } from "@/lib/client/action-controls";
import { useIncidentCommands } from "@/lib/client/incident-commands";
import { hasRole } from "@/lib/auth/roles";

type Props = {
  /** The first page as the server rendered it, and the view it is of. */
  initial: IncidentListJson;
  initialView: ListView;
  /** Who is looking: responders get the acknowledge key. */
  viewer?: Viewer;
};

export function IncidentList({ initial, initialView, viewer }: Props) {
  const [view, show] = useListView();
  const query = useIncidentList(view, sameView(view, initialView) ? initial : undefined);
  const pages = query.data?.pages;
  const items = useMemo(() => (pages ?? []).flatMap((p) => p.items), [pages]);
  const counts = pages?.[0]?.counts;
  const matching = counts ? (view.state ? counts[view.state] : Object.values(counts).reduce((a, b) => a + b, 0)) : null;
  // Another view's rows stay on screen while this one loads, dimmed and marked busy.
  const switching = query.isPlaceholderData;

  const listRef = useRef<HTMLTableSectionElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const commands = useIncidentCommands(null);
  const canAcknowledge = viewer !== undefined && hasRole(viewer.role, "responder");
  const acknowledge = (incidentId: string) => commands.pending === null && commands.acknowledge(incidentId);
  useListKeyboard(listRef, searchRef, canAcknowledge ? acknowledge : undefined);
  const outcome = commands.pending === null ? commands.outcome : null;

  return (
    <section className="panel incident-list" aria-labelledby="incidents-heading">
      <div className="panel-head">
        <h1 id="incidents-heading">Incidents</h1>
        <p className="key-hint muted" id="incident-keys">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open
          {canAcknowledge && (
            <>
              {" "}
              · <kbd>a</kbd> acknowledge
            </>
          )}{" "}
          · <kbd>/</kbd> search
        </p>
      </div>
      <IncidentStateChips counts={counts} state={view.state} onChange={(state) => show(withView(view, { state }))} />
      <IncidentFilters view={view} onChange={show} searchRef={searchRef} />

      {query.isError && (
        <div role="alert" className="notice error list-error" data-testid="incidents-error">
          <span>
            {items.length ? "Live updates paused" : "Could not load incidents"}: {query.error.message}
          </span>
          <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching ? "Retrying…" : "Retry"}
          </button>
        </div>
      )}

      <p className="list-status muted" role="status" data-testid="incidents-status">
        {switching || (query.isPending && !items.length)
          ? "Loading…"
          : matching !== null &&
            `${items.length.toLocaleString("en")} of ${matching.toLocaleString("en")}${view.state ? ` ${stateLabel[view.state].toLowerCase()}` : ""} · ${sortLabel[view.sort ?? "newest"].toLowerCase()}`}
      </p>

      <p
        role="status"
        aria-live="polite"
        className={`action-outcome list-outcome${outcome ? (outcome.ok ? " outcome-ok" : " outcome-error") : ""}`}
        data-testid="list-command-outcome"
      >
        {commands.pending ? "Acknowledging…" : outcome?.message}
      </p>

      {query.isPending && !items.length ? (
        <ResultSkeleton />
      ) : items.length === 0 && !query.isError ? (
        <div className="empty" data-testid="incidents-empty">
          {isFiltered(view) ? (
            <>
              <p>No incidents match these filters.</p>
              <button type="button" onClick={() => show({ sort: view.sort })}>
                Clear filters
              </button>
            </>
          ) : (
            <p>No incidents yet — they appear here as soon as Alertmanager sends an alert.</p>
          )}
        </div>
      ) : (
        items.length > 0 && (
          <div className="incident-table-wrap" data-switching={switching || undefined}>
            <IncidentTable items={items} busy={switching} listRef={listRef} label="Incidents" />
          </div>
        )
      )}
      {query.hasNextPage && !switching && (
        <p className="list-more">
          <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="load-more">
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </p>
      )}
    </section>
  );
}
