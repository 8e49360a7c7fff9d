// The incident's post-mortem: draft it from the records (by the model when one is configured,
// with the reason when the template stood in), edit and preview the Markdown, save it (with an
// unsaved-changes indicator, and a warning before leaving the page), and download it as .md.
// Viewers read it, and are told why they cannot change it.
"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import type { IncidentJson } from "@/lib/client/api";
import type { Viewer } from "@/lib/client/action-controls";
import { hasRole } from "@/lib/auth/roles";
import { edit, engineText, initEditor, isDirty, postmortemDownloadUrl, sizeOf, stored, withStored } from "@/lib/client/postmortem-editor";
import { usePostmortemCommands, type PostmortemOutcome } from "@/lib/client/postmortem-commands";
import { PostmortemEditor } from "@/components/postmortem-editor";
import { RelativeTime } from "@/components/relative-time";
import { ResultSkeleton } from "@/components/result-skeleton";
import "@/app/styles/postmortem.css";

const MarkdownView = dynamic(() => import("@/components/markdown-view").then((m) => m.MarkdownView), { loading: () => <ResultSkeleton /> });

type Props = { incident: IncidentJson; viewer: Viewer };

export function PostmortemSection({ incident, viewer }: Props) {
  const canEdit = hasRole(viewer.role, "responder");
  const current = { markdown: incident.postmortem, updatedAt: incident.postmortemUpdatedAt };
  const [state, setState] = useState(() => initEditor(current));
  // Follow the stored version as refetches bring it, unless there are edits to keep.
  const followed = withStored(state, current);
  if (followed !== state) setState(followed);

  const onStored = useCallback((o: PostmortemOutcome) => o.postmortem && setState((s) => stored(s, o.postmortem!)), []);
  const commands = usePostmortemCommands(incident.id, onStored);
  const [confirming, setConfirming] = useState(false);
  const busy = commands.pending !== null;
  const exists = incident.postmortem !== null;
  const dirty = isDirty(followed);
  const size = sizeOf(followed.text);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const draftRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const closeConfirm = () => {
    setConfirming(false);
    requestAnimationFrame(() => draftRef.current?.focus());
  };
  const onDraft = () => {
    if (busy) return;
    if (exists || dirty) setConfirming(true);
    else commands.draft(false);
  };
  const save = () => !busy && dirty && !size.over && commands.save(followed.text, followed.baseUpdatedAt);

  return (
    <section className="panel postmortem" aria-labelledby="postmortem-heading" aria-busy={busy} data-testid="postmortem" data-dirty={dirty}>
      <div className="panel-head">
        <h2 id="postmortem-heading">Post-mortem</h2>
        <div className="row pm-buttons">
          {canEdit && !confirming && (
            <button ref={draftRef} type="button" onClick={onDraft} aria-disabled={busy || undefined} data-testid="postmortem-draft">
              Draft post-mortem
            </button>
          )}
          <a
            className="button"
            href={postmortemDownloadUrl(incident.id)}
            download
            data-testid="postmortem-download"
            title={dirty ? "Downloads the saved version: save your edits first to include them" : undefined}
          >
            Download .md
          </a>
        </div>
      </div>

      {confirming && (
        <div
          className="notice pm-confirm"
          role="group"
          aria-label="Confirm a new draft"
          onKeyDown={(e) => e.key === "Escape" && closeConfirm()}
        >
          <p>
            Replace the post-mortem with a new draft from the incident&apos;s records?{" "}
            {dirty
              ? "Your unsaved edits will be lost."
              : "Edits saved since the last draft will be replaced (the audit trail keeps their record)."}
          </p>
          <div className="row">
            <button
              ref={confirmRef}
              type="button"
              className="danger"
              data-testid="postmortem-draft-confirm"
              onClick={() => {
                closeConfirm();
                commands.draft(true);
              }}
            >
              Replace with a new draft
            </button>
            <button type="button" onClick={closeConfirm} data-testid="postmortem-draft-cancel">
              Cancel
            </button>
          </div>
        </div>
      )}

      {exists && incident.postmortemUpdatedAt && (
        <p className="pm-meta muted" data-testid="postmortem-engine" data-engine={incident.postmortemEngine ?? "none"}>
          {engineText(incident.postmortemEngine, incident.postmortemModel)} · last changed by {incident.postmortemUpdatedBy ?? "someone"}{" "}
          <RelativeTime iso={incident.postmortemUpdatedAt} />
        </p>
      )}
      {exists && incident.postmortemFallback && (
        <p className="notice" data-testid="postmortem-fallback">
          The model was not used for this draft: <span className="pm-reason">{incident.postmortemFallback.replace(/\.+$/, "")}</span>. The
          template engine wrote it from the same facts.
        </p>
      )}
      {!canEdit && (
        <p className="muted" data-testid="postmortem-readonly">
          Read-only: you are a {viewer.role}. Responders and admins can draft and edit the post-mortem.
        </p>
      )}
      {!exists && !dirty && (
        <p className="pm-empty" data-testid="postmortem-empty">
          No post-mortem yet.{" "}
          {canEdit
            ? "“Draft post-mortem” writes one from the incident's records and audit trail; edit it, then save."
            : "A responder can draft one."}{" "}
          Download .md gives a draft from the records as they are now.
        </p>
      )}

      {canEdit ? (
        <>
          <PostmortemEditor
            value={followed.text}
            onChange={(text) => setState((s) => edit(s, text))}
            onSave={save}
            size={size}
            busy={busy}
          />
          {followed.staleBase && (
            <p className="notice error" role="alert" data-testid="postmortem-stale">
              Someone else saved a newer version while you were editing: saving yours will be refused. Copy your text, reload, and apply it
              again.
            </p>
          )}
          <div className="row pm-save-row">
            <button
              type="button"
              className="primary"
              onClick={save}
              disabled={!dirty || size.over}
              aria-disabled={busy || undefined}
              data-testid="postmortem-save"
            >
              Save
            </button>
            <span className={dirty ? "pm-unsaved" : "muted"} data-testid="postmortem-save-state">
              {dirty ? "Unsaved changes" : exists ? "All changes saved" : ""}
            </span>
          </div>
        </>
      ) : (
        exists && <MarkdownView markdown={incident.postmortem!} testId="postmortem-preview" />
      )}

      <p
        role="status"
        aria-live="polite"
        className={`action-outcome${!busy && commands.outcome ? (commands.outcome.ok ? " outcome-ok" : " outcome-error") : ""}`}
        data-testid="postmortem-outcome"
      >
        {commands.pending === "draft"
          ? "Drafting… a model can take a minute."
          : commands.pending === "save"
            ? "Saving…"
            : commands.outcome?.message}
      </p>
    </section>
  );
}
