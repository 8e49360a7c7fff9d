// An action's buttons: approve (bound to the preview on screen), reject, preview again, and
// roll back once executed (one more click to confirm). A button that cannot be used now is
// shown disabled with the reason; while a command runs they are all busy, and its outcome is
// announced in a live region.
"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { ActionJson } from "@/lib/client/action-view";
import { controlsFor, disabledReasons, type Control, type Viewer } from "@/lib/client/action-controls";
import { useActionCommands } from "@/lib/client/action-commands";

type Props = { action: ActionJson; incidentId: string; viewer: Viewer; nowMs: number | null };

export function ApprovalControls({ action, incidentId, viewer, nowMs }: Props) {
  const commands = useActionCommands(incidentId);
  const [comment, setComment] = useState("");
  const reasonId = useId();
  const commentId = useId();
  // Before hydration there is no clock: approvals are not counted as expired yet.
  const controls = controlsFor(action, viewer, nowMs ?? 0);
  const reasons = disabledReasons(controls);
  const { pending } = commands;
  // An outcome describes the action as it was when it came back: once the action moves on
  // (verified, rolled back, decided by someone else), the message would be stale.
  const stamp = `${action.state}:${action.effective}`;
  const [seen, setSeen] = useState({ outcome: commands.outcome, stamp });
  if (seen.outcome !== commands.outcome) setSeen({ outcome: commands.outcome, stamp });
  const outcome = seen.outcome === commands.outcome && seen.stamp !== stamp ? null : commands.outcome;
  const canComment = (controls.approve.shown && controls.approve.enabled) || (controls.reject.shown && controls.reject.enabled);
  const anyShown = Object.values(controls).some((c: Control) => c.shown);
  const note = comment.trim() || undefined;

  // A command's button may be gone when it returns (the action moved on): focus goes to its outcome.
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (commands.outcome && (!document.activeElement || document.activeElement === document.body)) outcomeRef.current?.focus();
  }, [commands.outcome]);

  const button = (control: Control, label: string, testId: string, onClick: () => void, primary = false) =>
    control.shown && (
      <button
        type="button"
        className={primary ? "primary" : undefined}
        disabled={!control.enabled}
        aria-disabled={pending || undefined}
        aria-describedby={control.enabled ? undefined : reasonId}
        data-testid={testId}
        onClick={() => !pending && onClick()}
      >
        {label}
      </button>
    );

  return (
    <div className="action-controls" aria-busy={pending}>
      {anyShown && (
        <>
          {canComment && (
            <label className="comment-field" htmlFor={commentId}>
              Comment <span className="muted">(optional, kept in the audit trail)</span>
              <input
                id={commentId}
                value={comment}
                maxLength={2000}
                onChange={(e) => setComment(e.target.value)}
                data-testid="action-comment"
              />
            </label>
          )}
          <div className="row control-row">
            {button(
              controls.approve,
              "Approve",
              "approve-button",
              () => commands.approve({ actionId: action.id, previewHash: action.previewHash ?? "", comment: note }),
              true,
            )}
            {button(controls.reject, "Reject", "reject-button", () => commands.reject({ actionId: action.id, comment: note }))}
            {button(controls.previewAgain, "Preview again", "preview-again-button", () => commands.refreshPreview({ actionId: action.id }))}
            {controls.rollBack.shown && (
              <RollBackButton
                control={controls.rollBack}
                pending={pending}
                reasonId={reasonId}
                onConfirm={() => commands.rollBack({ actionId: action.id })}
              />
            )}
          </div>
          {reasons.length > 0 && (
            <p id={reasonId} className="control-reason" data-testid="control-reason">
              {reasons.join(" ")}
            </p>
          )}
        </>
      )}
      {/* Always mounted, in the same place, so that what appears in it is announced; empty, it takes no room. */}
      <p
        ref={outcomeRef}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className={`action-outcome${outcome ? (outcome.ok ? " outcome-ok" : " outcome-error") : ""}`}
        data-testid="action-outcome"
      >
        {pending ? "Working…" : outcome?.message}
      </p>
    </div>
  );
}

type RollBackProps = { control: Extract<Control, { shown: true }>; pending: boolean; reasonId: string; onConfirm: () => void };

/** "Roll back", then "Confirm roll back" / "Cancel" in its place: one deliberate click more. */
function RollBackButton({ control, pending, reasonId, onConfirm }: RollBackProps) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (returnFocus.current) startRef.current?.focus();
    returnFocus.current = false;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={startRef}
        type="button"
        disabled={!control.enabled}
        aria-disabled={pending || undefined}
        aria-describedby={control.enabled ? undefined : reasonId}
        data-testid="rollback-button"
        onClick={() => !pending && setConfirming(true)}
      >
        Roll back
      </button>
    );
  }
  const cancel = () => {
    returnFocus.current = true;
    setConfirming(false);
  };
  return (
    <span className="row confirm-row" role="group" aria-label="Confirm the rollback" onKeyDown={(e) => e.key === "Escape" && cancel()}>
      <button
        ref={confirmRef}
        type="button"
        className="danger"
        aria-disabled={pending || undefined}
        data-testid="rollback-confirm-button"
        onClick={() => {
          if (pending) return;
          returnFocus.current = true;
          setConfirming(false);
          onConfirm();
        }}
      >
        Confirm roll back
      </button>
      <button type="button" onClick={cancel} data-testid="rollback-cancel-button">
        Cancel
      </button>
    </span>
  );
}
