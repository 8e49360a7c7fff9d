// The evidence of the latest run, grouped by where it came from, with a text filter that
// marks what it matched, and how much was redacted before storing.
import "@/app/styles/incidents.css";
import { useId } from "react";
import { groupEvidence } from "@/lib/incidents/evidence-view";
import { EvidenceItem, type EvidenceJson } from "@/components/evidence-item";

type Props = { evidence: EvidenceJson[]; filter: string; onFilterChange: (value: string) => void };

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export function EvidencePanel({ evidence, filter, onFilterChange }: Props) {
  const inputId = useId();
  const groups = groupEvidence(evidence, filter);
  const shown = groups.reduce((n, g) => n + g.items.length, 0);
  const inContext = evidence.filter((e) => e.inContext).length;
  const redacted = evidence.filter((e) => e.redactions > 0);
  const redactions = redacted.reduce((n, e) => n + e.redactions, 0);
  const query = filter.trim();
  return (
    <section className="panel" aria-labelledby="evidence-heading" data-testid="evidence-panel">
      <div className="panel-head">
        <h2 id="evidence-heading">
          Evidence <span className="muted">({evidence.length})</span>
        </h2>
        <div className="filter-field">
          <label htmlFor={inputId}>Filter</label>
          <input
            id={inputId}
            type="search"
            value={filter}
            onChange={(e) => onFilterChange(e.target.value)}
            onKeyDown={(e) => {
              // Escape empties the field (a search input's own habit), then leaves it.
              if (e.key === "Escape" && filter) {
                e.preventDefault();
                onFilterChange("");
              }
            }}
            placeholder="E4, logs, OOMKilled…"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${inputId}-count`}
            data-testid="evidence-filter"
          />
        </div>
      </div>
      <p className="muted evidence-summary">
        <span id={`${inputId}-count`} aria-live="polite" data-testid="evidence-count">
          {query
            ? `${shown} of ${plural(evidence.length, "item")} match “${query}”.`
            : `${inContext} of ${plural(evidence.length, "item")} were in the engine's context.`}
        </span>
        {redactions > 0 && (
          <span data-testid="evidence-redactions">
            {plural(redactions, "value")} redacted in {plural(redacted.length, "item")}.
          </span>
        )}
      </p>
      {groups.map((g) => (
        <section
          key={g.source}
          className="evidence-group"
          aria-labelledby={`${inputId}-${g.source}`}
          data-testid="evidence-group"
          data-source={g.source}
        >
          <h3 id={`${inputId}-${g.source}`}>
            {g.label} <span className="muted">({g.items.length})</span>
          </h3>
          {g.items.map((item) => (
            <EvidenceItem key={item.id} item={item} query={query} />
          ))}
        </section>
      ))}
      {shown === 0 && (
        <div className="empty" data-testid="evidence-empty">
          <p>No evidence matches “{query}”.</p>
          <button type="button" onClick={() => onFilterChange("")}>
            Clear the filter
          </button>
        </div>
      )}
    </section>
  );
}
