// The audit log's filters. The form only reports what was asked for; the URL holds the filters.
"use client";

import { useEffect, useRef } from "react";
import { actorTypes, auditActionPrefixes, auditActions } from "@/lib/audit/actions";
import { fromUtcInput, toUtcInput, type AuditFilters } from "@/lib/client/audit-filters";

const domains = auditActionPrefixes.map((prefix) => ({ prefix, actions: auditActions.filter((a) => a.startsWith(prefix)) }));

function text(form: FormData, name: string): string | undefined {
  const value = String(form.get(name) ?? "").trim();
  return value || undefined;
}

function fieldValues(filters: AuditFilters): Record<string, string> {
  const { action = "", actor = "", incident = "", trace = "" } = filters;
  return { action, actor, incident, trace, from: toUtcInput(filters.from), to: toUtcInput(filters.to) };
}

/** The fields show the filters in force: after Apply, and when they change elsewhere (Back, a
 * trace link, the broken event). The fields are written, not the form remounted, so the
 * keyboard focus stays where it was. */
export function AuditFilterForm({ filters, onApply }: { filters: AuditFilters; onApply: (filters: AuditFilters) => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const active = Object.values(filters).some(Boolean);
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    for (const [name, value] of Object.entries(fieldValues(filters))) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
    }
  }, [filters]);
  function clear() {
    onApply({});
    // This button goes away with the filters: keep the focus in the form.
    formRef.current?.querySelector("select")?.focus();
  }
  // A filter value from a hand-edited URL that is not in the vocabulary stays visible (the
  // server's 400 says what is wrong with it) instead of silently turning into "Any action".
  const unknownAction =
    filters.action &&
    !auditActions.includes(filters.action as never) &&
    !domains.some((d) => [d.prefix, `${d.prefix}*`].includes(filters.action!));
  const initial = fieldValues(filters);
  return (
    <form
      ref={formRef}
      className="filters audit-filters"
      role="search"
      aria-label="Filter audit events"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        onApply({
          action: text(form, "action"),
          actor: text(form, "actor"),
          incident: text(form, "incident"),
          trace: text(form, "trace"),
          from: fromUtcInput(String(form.get("from") ?? "")),
          to: fromUtcInput(String(form.get("to") ?? ""), "end"),
        });
      }}
    >
      <label>
        Action
        <select name="action" defaultValue={initial.action} data-testid="audit-filter-action">
          <option value="">Any action</option>
          {unknownAction && <option value={filters.action}>{filters.action}</option>}
          {domains.map((d) => (
            <optgroup key={d.prefix} label={d.prefix.slice(0, -1)}>
              <option value={d.prefix}>All {d.prefix}*</option>
              {d.actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        Actor
        <input
          name="actor"
          defaultValue={initial.actor}
          list="audit-actor-types"
          placeholder="email or system, agent…"
          autoComplete="off"
          data-testid="audit-filter-actor"
        />
        <datalist id="audit-actor-types">
          {actorTypes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label>
        Incident
        <input
          name="incident"
          defaultValue={initial.incident}
          placeholder="INC-12 or id"
          autoComplete="off"
          data-testid="audit-filter-incident"
        />
      </label>
      <label>
        Trace id
        <input
          name="trace"
          defaultValue={initial.trace}
          className="audit-mono audit-trace-input"
          placeholder="32 hex characters"
          autoComplete="off"
          spellCheck={false}
          data-testid="audit-filter-trace"
        />
      </label>
      <label>
        From (UTC)
        <input name="from" type="datetime-local" step={1} defaultValue={initial.from} data-testid="audit-filter-from" />
      </label>
      <label>
        To (UTC)
        <input name="to" type="datetime-local" step={1} defaultValue={initial.to} data-testid="audit-filter-to" />
      </label>
      <div className="audit-filter-buttons">
        <button type="submit" className="primary" data-testid="audit-filter-apply">
          Apply
        </button>
        {active && (
          <button type="button" onClick={clear} data-testid="audit-filter-clear">
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
