// The audit log page: the chain's integrity on top, then the filtered events with "Load more".
"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { ApiError, type AuditListJson } from "@/lib/client/api";
import { useAuditEvents } from "@/lib/client/queries";
import { filtersFromParams, filtersToSearch, sameFilters, type AuditFilters } from "@/lib/client/audit-filters";
import { AuditChainStatus } from "@/components/audit-chain-status";
import { AuditFilterForm } from "@/components/audit-filter-form";
import { AuditTable } from "@/components/audit-table";
import { ResultSkeleton } from "@/components/result-skeleton";

// Filters live in the URL, so a view can be shared; Next.js keeps useSearchParams in step
// with pushState without a server round trip, and Back returns to the previous filters.
function push(filters: AuditFilters) {
  window.history.pushState(null, "", `${window.location.pathname}${filtersToSearch(filters)}`);
}

export function AuditLog({ initial, initialFilters }: { initial?: AuditListJson; initialFilters: AuditFilters }) {
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromParams(searchParams), [searchParams]);
  // The server rendered the first page for the URL it was asked for; later filters fetch their own.
  const query = useAuditEvents(filters, sameFilters(filters, initialFilters) ? initial : undefined);
  const pages = query.data?.pages;
  const events = useMemo(() => (pages ?? []).flatMap((p) => p.items), [pages]);
  const filtered = Object.values(filters).some(Boolean);
  // A 400 names the filter at fault (e.g. "trace: expected a trace id…"): fix it, don't retry it.
  const badFilter = query.error instanceof ApiError && query.error.status === 400;

  const { refetch } = query;
  const submit = useCallback(
    (next: AuditFilters) => {
      // Apply with unchanged filters means "look again".
      if (filtersToSearch(next) === filtersToSearch(filters)) void refetch();
      else push(next);
    },
    [filters, refetch],
  );
  const showTrace = useCallback((trace: string) => push({ trace }), []);

  return (
    <>
      <h1 id="audit-heading">Audit log</h1>
      <p className="muted audit-intro">
        Every recorded step, newest first. The trail is append-only and hash-chained: each event&apos;s hash covers the one before it, so an
        edit or a deletion shows up below.
      </p>
      <p className="audit-export">
        {/* A download, not a page: the route streams the file and audits the export. */}
        <a href="/api/export/tuning.jsonl" download data-testid="export-tuning">
          Export tuning data (.jsonl)
        </a>
      </p>
      <AuditChainStatus onShow={push} />
      <section className="panel" aria-labelledby="audit-events-heading">
        <h2 id="audit-events-heading">Events</h2>
        <AuditFilterForm filters={filters} onApply={submit} />
        {query.isError ? (
          <div role="alert" className="notice error" data-testid="audit-error">
            <p className="audit-error-text">
              {badFilter ? "Check the filters" : "Could not load audit events"}: {query.error.message}
            </p>
            {!badFilter && (
              <button type="button" onClick={() => void query.refetch()}>
                Try again
              </button>
            )}
          </div>
        ) : query.isPending ? (
          <div role="status" aria-label="Loading audit events" data-testid="audit-loading">
            <ResultSkeleton />
          </div>
        ) : events.length === 0 ? (
          <p className="empty" data-testid="audit-empty">
            {filtered ? "No audit events match these filters." : "No audit events yet."}
          </p>
        ) : (
          <>
            <p className="muted audit-count" aria-live="polite" data-testid="audit-count">
              {events.length} {events.length === 1 ? "event" : "events"}
              {query.hasNextPage ? " shown, more below" : filtered ? (events.length === 1 ? " matches" : " match") : ""}
              {query.isFetching && !query.isFetchingNextPage ? " · refreshing…" : ""}
            </p>
            <AuditTable events={events} onTrace={showTrace} />
            {query.hasNextPage && (
              <p className="audit-more">
                <button
                  type="button"
                  onClick={() => void query.fetchNextPage()}
                  disabled={query.isFetchingNextPage}
                  data-testid="audit-load-more"
                >
                  {query.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}
