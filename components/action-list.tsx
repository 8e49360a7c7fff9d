// The actions the investigation proposes, best first. Read-only here: approving and
// executing them is remediation's job.
import type { IncidentJson } from "@/lib/client/api";
import { actionTitle } from "@/lib/rca/labels";
import { ActionStateBadge, RiskBadge } from "@/components/badges";

type Props = { actions: IncidentJson["actions"]; pending: boolean };

export function ActionList({ actions, pending }: Props) {
  return (
    <section className="panel" aria-labelledby="actions-heading" data-testid="actions-panel">
      <h2 id="actions-heading">Proposed actions</h2>
      {actions.length === 0 ? (
        <p className="muted">{pending ? "Proposals appear when the analysis is done." : "Nothing was proposed."}</p>
      ) : (
        <ol className="action-list">
          {actions.map((a) => (
            <li key={a.id} className="action-row" data-testid="action-row" data-kind={a.kind} data-state={a.state}>
              <span className="action-rank" aria-label={`Rank ${a.rank}`}>
                {a.rank}
              </span>
              <div>
                <div className="action-head">
                  <strong>{actionTitle(a)}</strong>
                  <RiskBadge risk={a.risk} />
                  <ActionStateBadge state={a.state} />
                </div>
                <p className="action-rationale">{a.rationale}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
