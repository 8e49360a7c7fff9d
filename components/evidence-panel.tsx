// The evidence of the latest run, grouped by where it came from, with a text filter.
import { useId } from "react";
import { groupEvidence } from "@/lib/incidents/evidence-view";
import { EvidenceItem, type EvidenceJson } from "@/components/evidence-item";

type Props = { evidence: EvidenceJson[]; filter: string; onFilterChange: (value: string) => void };

export function EvidencePanel({ evidence, filter, onFilterChange }: Props) {
  const inputId = useId();
  const groups = groupEvidence(evidence, filter);
  const shown = groups.reduce((n, g) => n + g.items.length, 0);
  const inContext = evidence.filter((e) => e.inContext).length;
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
            placeholder="E4, logs, OOMKilled…"
            autoComplete="off"
            spellCheck={false}
            data-testid="evidence-filter"
          />
        </div>
      </div>
      <p className="muted evidence-count" aria-live="polite">
        {filter.trim()
          ? `${shown} of ${evidence.length} items match.`
          : `${inContext} of ${evidence.length} items were in the engine's context.`}
      </p>
      {groups.map((g) => (
        <section key={g.source} className="evidence-group" aria-labelledby={`${inputId}-${g.source}`}>
          <h3 id={`${inputId}-${g.source}`}>
            {g.label} <span className="muted">({g.items.length})</span>
          </h3>
          {g.items.map((item) => (
            <EvidenceItem key={item.id} item={item} />
          ))}
        </section>
      ))}
      {shown === 0 && <p className="empty">No evidence matches “{filter.trim()}”.</p>}
    </section>
  );
}
