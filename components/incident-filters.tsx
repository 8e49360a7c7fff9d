// The incident list's filters and sort: owner (everyone's, mine, unowned), severity and order
// apply at once; namespace and text search apply on Enter or "Apply", so the list does not
// jump while one types. The fields
// follow the URL: the back button brings their values back with the list it shows.
"use client";

import { useState, type RefObject } from "react";
import { severities, severityLabel } from "@/lib/incidents/model";
import { incidentSorts, sortLabel, type IncidentSort } from "@/lib/incidents/sort";
import { isFiltered, withView, type ListView } from "@/lib/incidents/list-view";
import type { Severity } from "@/lib/generated/prisma/enums";

type Props = { view: ListView; onChange: (next: ListView) => void; searchRef: RefObject<HTMLInputElement | null> };

export function IncidentFilters({ view, onChange, searchRef }: Props) {
  const [draft, setDraft] = useState({ namespace: view.namespace ?? "", q: view.q ?? "" });
  const [shown, setShown] = useState(view);
  // The URL changed under the fields (back, forward, "Clear"): show its values. Adjusting
  // state while rendering, as React recommends for state that follows a prop.
  if (shown !== view && (shown.namespace !== view.namespace || shown.q !== view.q)) {
    setShown(view);
    setDraft({ namespace: view.namespace ?? "", q: view.q ?? "" });
  }

  return (
    <form
      className="filters incident-filters"
      role="search"
      aria-label="Incidents"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(withView(view, { namespace: draft.namespace.trim() || undefined, q: draft.q.trim() || undefined }));
      }}
    >
      <label className="filter-search">
        Search
        <input
          ref={searchRef}
          type="search"
          name="q"
          value={draft.q}
          onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
          placeholder="title, workload, alert, INC-12"
          aria-keyshortcuts="/"
          autoComplete="off"
          data-testid="incident-search"
        />
      </label>
      <label>
        Namespace
        <input
          name="namespace"
          value={draft.namespace}
          onChange={(e) => setDraft((d) => ({ ...d, namespace: e.target.value }))}
          placeholder="e.g. shop"
          autoComplete="off"
          spellCheck={false}
          data-testid="incident-namespace"
        />
      </label>
      <label>
        Owner
        <select
          value={view.owner ?? ""}
          onChange={(e) => onChange(withView(view, { owner: (e.target.value || undefined) as ListView["owner"] }))}
          data-testid="incident-owner"
        >
          <option value="">Everyone</option>
          <option value="me">Mine</option>
          <option value="none">Unowned</option>
        </select>
      </label>
      <label>
        Severity
        <select
          value={view.severity ?? ""}
          onChange={(e) => onChange(withView(view, { severity: (e.target.value || undefined) as Severity | undefined }))}
          data-testid="incident-severity"
        >
          <option value="">Any</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {severityLabel[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort by
        <select
          value={view.sort ?? "newest"}
          onChange={(e) => onChange(withView(view, { sort: e.target.value as IncidentSort }))}
          data-testid="incident-sort"
        >
          {incidentSorts.map((s) => (
            <option key={s} value={s}>
              {sortLabel[s]}
            </option>
          ))}
        </select>
      </label>
      <div className="filter-buttons">
        <button type="submit">Apply</button>
        {isFiltered(view) && (
          <button type="button" onClick={() => onChange({ sort: view.sort })} data-testid="clear-filters">
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
