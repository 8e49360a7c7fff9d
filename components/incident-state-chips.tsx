// The incident list's state filter: one chip per state with how many incidents are in it
// (under the other filters), and "All". A toggle group: the pressed chip is the filter.
import type { IncidentState } from "@/lib/generated/prisma/enums";
import { incidentStates, stateLabel } from "@/lib/incidents/model";

type Props = {
  counts: Record<IncidentState, number> | undefined;
  state: IncidentState | undefined;
  onChange: (state: IncidentState | undefined) => void;
};

export function IncidentStateChips({ counts, state, onChange }: Props) {
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const chip = (value: IncidentState | undefined, label: string, count: number | undefined, testId: string) => (
    <button
      key={testId}
      type="button"
      className="state-chip"
      data-empty={count === 0 ? "true" : undefined}
      aria-pressed={state === value}
      onClick={() => onChange(value)}
      data-testid={testId}
    >
      {label}
      <span className="state-chip-count" data-testid="state-count">
        {count ?? "…"}
      </span>
    </button>
  );
  return (
    <div className="state-chips" role="group" aria-label="Filter by state">
      {chip(undefined, "All", total, "state-tab-all")}
      {incidentStates.map((s) => chip(s, stateLabel[s], counts?.[s], `state-tab-${s}`))}
    </div>
  );
}
