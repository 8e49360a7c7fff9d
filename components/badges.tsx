import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";
import { severityLabel, stateLabel } from "@/lib/incidents/model";

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`} data-testid="severity">{severityLabel[severity]}</span>;
}

export function StateBadge({ state }: { state: IncidentState }) {
  return <span className={`badge state-${state}`} data-testid="state">{stateLabel[state]}</span>;
}
