// The runbook library: what is in it (title, source, chunks, linked alerts, last change), an
// upload form for responders and admins, and Sync now and Delete for admins. Viewers read.
"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import type { Jsonify } from "@/lib/client/api";
import type { RunbookListItem } from "@/lib/runbooks/library";
import { useRunbookCommands } from "@/components/runbooks/use-runbook-commands";

type Item = Jsonify<RunbookListItem>;
type Props = { runbooks: Item[]; canUpload: boolean; isAdmin: boolean; folder: string | null };

const when = (iso: string) => new Date(iso).toLocaleString();

function DeleteButton({ item, pending, onDelete }: { item: Item; pending: boolean; onDelete: () => void }) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button type="button" disabled={pending} onClick={() => setArmed(true)} aria-label={`Delete ${item.title}`}>
        Delete
      </button>
    );
  }
  return (
    <span className="runbook-confirm">
      <button type="button" className="danger" disabled={pending} onClick={onDelete} aria-label={`Confirm deleting ${item.title}`}>
        Confirm delete
      </button>{" "}
      <button type="button" onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}

export function RunbookLibrary({ runbooks, canUpload, isAdmin, folder }: Props) {
  const commands = useRunbookCommands();
  const form = useRef<HTMLFormElement>(null);
  const { outcome } = commands;
  return (
    <section className="panel" aria-labelledby="library-heading" data-testid="runbook-library">
      <div className="panel-head">
        <h2 id="library-heading">
          Library <span className="muted">({runbooks.length})</span>
        </h2>
        {isAdmin && folder && (
          <button type="button" disabled={commands.pending} onClick={commands.sync} data-testid="runbook-sync" title={`Sync ${folder} now`}>
            Sync now
          </button>
        )}
      </div>
      {folder && <p className="muted">Synced from the runbooks folder {folder} every few minutes, besides uploads.</p>}

      {canUpload && (
        <form
          ref={form}
          className="runbook-upload"
          onSubmit={(e) => {
            e.preventDefault();
            commands.upload(new FormData(e.currentTarget), (r) => r.ok && form.current?.reset());
          }}
        >
          <label>
            Upload a Markdown runbook{" "}
            <input type="file" name="file" accept=".md,.markdown,text/markdown" required data-testid="runbook-file" />
          </label>
          <button type="submit" disabled={commands.pending} data-testid="runbook-upload">
            Upload
          </button>
          <span className="muted">Up to 256 KiB, UTF-8. Front matter may set title, alerts, url and services.</span>
        </form>
      )}

      <p
        role="status"
        aria-live="polite"
        className={outcome ? (outcome.ok ? "notice" : "notice error") : undefined}
        data-testid="runbook-outcome"
      >
        {outcome?.message}
      </p>

      <table className="runbook-table" data-testid="runbook-table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Source</th>
            <th scope="col">Chunks</th>
            <th scope="col">Linked alerts</th>
            <th scope="col">Updated</th>
            {isAdmin && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {runbooks.length === 0 && (
            <tr>
              <td colSpan={isAdmin ? 6 : 5}>No runbooks yet.</td>
            </tr>
          )}
          {runbooks.map((r) => (
            <tr key={r.id} data-testid="runbook-row" data-slug={r.slug}>
              <td>
                <Link href={`/runbooks/${r.id}`}>{r.title}</Link>
                <div>
                  <span className="muted label">{r.slug}</span>
                </div>
              </td>
              <td>{r.source === "folder" ? <span title={r.path ?? undefined}>folder: {r.path}</span> : "upload"}</td>
              <td>{r.chunks}</td>
              <td>
                {r.alerts.length ? (
                  r.alerts.map((a) => (
                    <span key={a} className="label">
                      {a}
                    </span>
                  ))
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {when(r.updatedAt)}
                {r.updatedBy && <div className="muted">{r.updatedBy}</div>}
              </td>
              {isAdmin && (
                <td>
                  <DeleteButton item={r} pending={commands.pending} onDelete={() => commands.remove(r.id)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
