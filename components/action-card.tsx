// One proposed action, as the on-call responder decides on it: what it is and why, the
// guard's verdict, the exact change (dry-run diff), the approvals so far and the buttons —
// then, once executed, what it did in the cluster and whether it worked. A recommendation
// (`none`) is only advice: no verdict, no buttons.
"use client";

import { useId } from "react";
import type { ActionJson } from "@/lib/client/action-view";
import { parsePreview, parseVerdict } from "@/lib/client/action-view";
import { verificationView, type Viewer } from "@/lib/client/action-controls";
import { useClock } from "@/lib/client/clock";
import { actionTitle } from "@/lib/rca/labels";
import { ActionStateBadge, RiskBadge } from "@/components/badges";
import { PolicyVerdict } from "@/components/policy-verdict";
import { ChangePreview } from "@/components/change-diff";
import { ApprovalList } from "@/components/approval-list";
import { ApprovalControls } from "@/components/approval-controls";
import { ExecutionDetails } from "@/components/execution-details";
import { VerificationStatus } from "@/components/verification-status";

type Props = {
  action: ActionJson;
  incidentId: string;
  viewer: Viewer;
  /** For an undo: the action it rolls back, when it is on the page. */
  original?: ActionJson;
};

export function ActionCard({ action, incidentId, viewer, original }: Props) {
  const nowMs = useClock();
  const id = useId();
  const isUndo = action.rollbackOfId !== null;
  const title = isUndo ? `Rollback of “${original ? actionTitle(original) : "an earlier action"}”` : actionTitle(action);
  const recommendation = action.kind === "none";
  const verification = verificationView(action);
  return (
    <article
      className={`action-card${isUndo ? " undo-card" : ""}`}
      aria-labelledby={`${id}-title`}
      data-testid="action-card"
      data-action-id={action.id}
      data-kind={action.kind}
      data-state={action.state}
      data-undo={isUndo}
    >
      <header className="action-head">
        {!isUndo && (
          <span className="action-rank" aria-label={`Rank ${action.rank}`}>
            {action.rank}
          </span>
        )}
        <h3 id={`${id}-title`} className="action-title" data-testid="action-title">
          {title}
        </h3>
        <RiskBadge risk={action.risk} />
        {recommendation ? (
          <span className="badge recommendation-badge" data-testid="action-state">
            Recommendation
          </span>
        ) : (
          <ActionStateBadge state={action.state} />
        )}
      </header>
      <p className="action-rationale">{action.rationale}</p>
      {recommendation ? (
        <p className="muted recommendation" data-testid="recommendation">
          A recommendation for a person to carry out: Vigil changes nothing in the cluster for it.
        </p>
      ) : (
        <>
          <Review action={action} id={id} />
          <ApprovalList action={action} nowMs={nowMs} />
          <ExecutionDetails action={action} />
          {verification && <VerificationStatus view={verification} headingId={`${id}-verification`} />}
          {action.state === "rolled_back" && (
            <p className="muted" data-testid="rolled-back-note">
              Rolled back: the Deployment was restored to its state before this action.
            </p>
          )}
          <ApprovalControls action={action} incidentId={incidentId} viewer={viewer} nowMs={nowMs} />
        </>
      )}
    </article>
  );
}

/** The verdict and the preview: open while a decision is pending, folded away once it is made. */
function Review({ action, id }: { action: ActionJson; id: string }) {
  const verdict = parseVerdict(action.policyVerdict);
  const preview = parsePreview(action.preview);
  const deciding = action.state === "proposed" || action.state === "refused";
  const body = (
    <>
      {verdict ? (
        <PolicyVerdict verdict={verdict} headingId={`${id}-verdict`} />
      ) : (
        deciding && (
          <p className="muted pending-line" data-testid="policy-pending">
            <span className="spinner" aria-hidden="true" /> Checking the policy…
          </p>
        )
      )}
      {preview ? (
        <ChangePreview
          preview={preview}
          resourceVersion={action.resourceVersion}
          headingId={`${id}-preview`}
          heading={deciding ? "Change preview" : "The change, as previewed"}
        />
      ) : (
        action.state === "proposed" &&
        action.policyAllowed === true && (
          <p className="muted pending-line" data-testid="preview-pending">
            <span className="spinner" aria-hidden="true" /> Previewing the change (server-side dry run)…
          </p>
        )
      )}
    </>
  );
  if (deciding) return body;
  if (!verdict && !preview) return null;
  return (
    <details className="review-details">
      <summary>Policy verdict and previewed change</summary>
      {body}
    </details>
  );
}
