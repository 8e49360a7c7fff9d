// Who decided on an action so far: each approval or rejection, by whom, when, and for a
// pending approval how long it stays valid — with "needs 2 approvers" on a high-risk action.
import type { ActionJson } from "@/lib/client/action-view";
import { expiresIn } from "@/lib/client/action-view";
import { approvalProgress } from "@/lib/client/action-controls";
import { RelativeTime } from "@/components/relative-time";

type Props = { action: ActionJson; nowMs: number | null };

export function ApprovalList({ action, nowMs }: Props) {
  const progress = approvalProgress(action, nowMs ?? 0);
  const waiting = action.state === "proposed" && action.kind !== "none";
  if (action.approvals.length === 0 && !(waiting && progress.required > 1)) return null;
  return (
    <div className="approvals" data-testid="approvals">
      {waiting && progress.required > 1 && (
        <p className="needs-approvers" data-testid="needs-approvers">
          <strong>
            {progress.highRisk ? "High risk: " : ""}needs {progress.required} approvers
          </strong>{" "}
          — {progress.live} of {progress.required} so far
        </p>
      )}
      {action.approvals.length > 0 && (
        <ul className="approval-list">
          {action.approvals.map((a, i) => (
            <li key={i} data-testid="approval" data-decision={a.decision}>
              <span aria-hidden="true">{a.decision === "approved" ? "✓ " : "✗ "}</span>
              {a.decision === "approved" ? "Approved" : "Rejected"} by <strong>{a.user.name ?? a.user.email}</strong>{" "}
              <RelativeTime iso={a.createdAt} />
              {a.decision === "approved" && (
                <span className="muted">
                  {" · "}
                  {a.usedAt
                    ? "used to execute"
                    : a.previewHash !== action.previewHash
                      ? "voided: the preview changed after it, approve the new one"
                      : nowMs === null
                        ? `valid until ${a.expiresAt.slice(11, 16)} UTC`
                        : expiresIn(a.expiresAt, nowMs)}
                </span>
              )}
              {a.comment && <q className="approval-comment">{a.comment}</q>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
