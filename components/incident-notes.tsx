// Notes on the incident's timeline: the composer (Markdown; Ctrl/⌘+Enter adds it) for
// responders, and a note as the timeline shows it — its current text rendered safely, its
// author, and for the author, during its first 15 minutes, Edit and Delete. A deleted note
// leaves its line on the timeline, saying so; the audit trail keeps every version.
"use client";

import "@/app/styles/incidents.css";
// The rendered Markdown's styles (.markdown-view) live with the post-mortem's.
import "@/app/styles/postmortem.css";
import dynamic from "next/dynamic";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { IncidentJson } from "@/lib/client/api";
import type { Viewer } from "@/lib/client/action-controls";
import { useIncidentCommands, type IncidentCommands } from "@/lib/client/incident-commands";
import { useClock } from "@/lib/client/clock";
import { hasRole } from "@/lib/auth/roles";
import { NOTE_MAX_CHARS, noteChangeable } from "@/lib/incidents/notes";
import { ResultSkeleton } from "@/components/result-skeleton";

const MarkdownView = dynamic(() => import("@/components/markdown-view").then((m) => m.MarkdownView), { loading: () => <ResultSkeleton /> });

type Note = IncidentJson["notes"][number];

/** Ctrl/⌘+Enter in a note's text area submits it, as in most editors. */
const submitOnModEnter = (submit: () => void) => (e: KeyboardEvent<HTMLTextAreaElement>) => {
  if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
    e.preventDefault();
    submit();
  }
};

function Outcome({ commands, testId }: { commands: IncidentCommands; testId: string }) {
  const { pending, outcome } = commands;
  return (
    <p
      role="status"
      aria-live="polite"
      className={`action-outcome${outcome && !pending ? (outcome.ok ? " outcome-ok" : " outcome-error") : ""}`}
      data-testid={testId}
    >
      {pending ? "Working…" : outcome?.message}
    </p>
  );
}

export function NoteComposer({ incidentId, viewer }: { incidentId: string; viewer: Viewer }) {
  const commands = useIncidentCommands(incidentId);
  const [body, setBody] = useState("");
  const id = useId();
  const busy = commands.pending !== null;
  if (!hasRole(viewer.role, "responder"))
    return (
      <p className="muted note-readonly" data-testid="note-readonly">
        Viewers can&apos;t add notes: ask a responder.
      </p>
    );
  const add = () => {
    if (busy || !body.trim()) return;
    commands.addNote({ incidentId, body }, (o) => o.ok && setBody(""));
  };
  return (
    <form
      className="note-composer"
      aria-label="Add a note"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <label htmlFor={`${id}-body`}>
        <span>
          Note <span className="muted">(Markdown; everyone who can see the incident reads it)</span>
        </span>
      </label>
      <textarea
        id={`${id}-body`}
        className="note-textarea"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={submitOnModEnter(add)}
        maxLength={NOTE_MAX_CHARS}
        rows={3}
        placeholder="What you saw, tried or decided"
        data-testid="note-body-input"
      />
      <div className="row">
        <button type="submit" className="primary" disabled={!body.trim()} aria-disabled={busy || undefined} data-testid="note-add">
          Add note
        </button>
        <Outcome commands={commands} testId="note-outcome" />
      </div>
    </form>
  );
}

type TimelineNoteProps = { incidentId: string; noteId: string; note: Note | undefined; viewer: Viewer };

export function TimelineNote({ incidentId, noteId, note, viewer }: TimelineNoteProps) {
  const now = useClock();
  const commands = useIncidentCommands(incidentId);
  const [draft, setDraft] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const busy = commands.pending !== null;
  const editing = draft !== null;
  // Opening the editor or the delete confirmation puts focus in it.
  const editRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (editing) editRef.current?.focus();
  }, [editing]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!note)
    return (
      <p className="muted note-deleted" data-testid="note-deleted" data-note-id={noteId}>
        (note deleted)
      </p>
    );
  const changeable = noteChangeable(note, viewer.email, now);
  const save = () => {
    if (busy || draft === null || !draft.trim()) return;
    commands.editNote({ incidentId, noteId, body: draft }, (o) => o.ok && setDraft(null));
  };
  return (
    <div className="timeline-note" data-testid="timeline-note" data-note-id={noteId}>
      {draft === null ? (
        <MarkdownView markdown={note.body} testId="note-text" />
      ) : (
        <form
          className="note-composer"
          aria-label="Edit the note"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
          onKeyDown={(e) => e.key === "Escape" && setDraft(null)}
        >
          <textarea
            ref={editRef}
            className="note-textarea"
            aria-label="Note, in Markdown"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={submitOnModEnter(save)}
            maxLength={NOTE_MAX_CHARS}
            rows={3}
            data-testid="note-edit-input"
          />
          <div className="row">
            <button type="submit" className="primary" disabled={!draft.trim()} aria-disabled={busy || undefined} data-testid="note-save">
              Save
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <p className="note-meta muted" data-testid="note-author">
        {note.author.email}
        {note.editedAt && " · edited"}
      </p>
      {changeable && draft === null && (
        <div className="row note-buttons">
          {confirming ? (
            <span
              className="row"
              role="group"
              aria-label="Confirm deleting the note"
              onKeyDown={(e) => e.key === "Escape" && setConfirming(false)}
            >
              <button
                type="button"
                className="danger"
                aria-disabled={busy || undefined}
                onClick={() => !busy && commands.deleteNote({ incidentId, noteId })}
                data-testid="note-delete-confirm"
                ref={confirmRef}
              >
                Delete the note
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </span>
          ) : (
            <>
              <button type="button" onClick={() => setDraft(note.body)} data-testid="note-edit">
                Edit
              </button>
              <button type="button" onClick={() => setConfirming(true)} data-testid="note-delete">
                Delete
              </button>
            </>
          )}
        </div>
      )}
      <Outcome commands={commands} testId="note-change-outcome" />
    </div>
  );
}
