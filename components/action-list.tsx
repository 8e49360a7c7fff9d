// The actions the investigation proposes, best first, each as a card a responder can decide
// on; an undo sits under the action it rolls back.
import type { IncidentJson } from "@/lib/client/api";
import { groupWithUndos } from "@/lib/client/action-view";
import type { Viewer } from "@/lib/client/action-controls";
import { ActionCard } from "@/components/action-card";

type Props = { actions: IncidentJson["actions"]; pending: boolean; incidentId: string; viewer: Viewer };

export function ActionList({ actions, pending, incidentId, viewer }: Props) {
  const entries = groupWithUndos(actions);
  return (
    <section className="panel" aria-labelledby="actions-heading" data-testid="actions-panel">
      <h2 id="actions-heading">Proposed actions</h2>
      {actions.length === 0 ? (
        <p className="muted">{pending ? "Proposals appear when the analysis is done." : "Nothing was proposed."}</p>
      ) : (
        <ol className="action-list">
          {entries.map(({ action, undos }) => (
            <li key={action.id} data-testid="action-row" data-kind={action.kind} data-state={action.state}>
              <ActionCard action={action} incidentId={incidentId} viewer={viewer} />
              {undos.length > 0 && (
                <ol className="undo-list" aria-label={`Rollbacks of action ${action.rank}`}>
                  {undos.map((undo) => (
                    <li key={undo.id}>
                      <ActionCard action={undo} incidentId={incidentId} viewer={viewer} original={action} />
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
