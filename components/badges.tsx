// Small coloured labels for the vocabularies the console shows everywhere.
import type { ActionState, IncidentState, Risk, Severity } from "@/lib/generated/prisma/enums";
import { severityLabel, stateLabel } from "@/lib/incidents/model";
import { actionStateLabel, riskLabel } from "@/lib/rca/labels";

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge sev-${severity}`} data-testid="severity">
      {severityLabel[severity]}
    </span>
  );
}

export function StateBadge({ state }: { state: IncidentState }) {
  return (
    <span className={`badge state-${state}`} data-testid="state">
      {stateLabel[state]}
    </span>
  );
}

export function RiskBadge({ risk }: { risk: Risk }) {
  return (
    <span className={`badge risk-${risk}`} data-testid="action-risk">
      {riskLabel[risk]}
    </span>
  );
}

export function ActionStateBadge({ state }: { state: ActionState }) {
  return (
    <span className={`badge action-${state}`} data-testid="action-state">
      {actionStateLabel[state]}
    </span>
  );
}
