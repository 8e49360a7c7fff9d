// The audit events as a table: one row per event, its data (and hashes) expandable beneath it.
"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import type { AuditEventJson } from "@/lib/client/api";
import { actorLabel, hasData, targetLabel, utcTime } from "@/lib/client/audit-view";
import { AuditTraceId } from "@/components/audit-trace-id";

const COLUMNS = 8;

function AuditRow({ event: e, onTrace }: { event: AuditEventJson; onTrace: (traceId: string) => void }) {
  const [open, setOpen] = useState(false);
  const actor = actorLabel(e);
  const target = targetLabel(e);
  const detailsId = `audit-event-${e.seq}`;
  return (
    <Fragment>
      <tr data-testid="audit-row" data-seq={e.seq} data-action={e.action}>
        <td className="audit-num">{e.seq}</td>
        <td className="audit-time">
          <time dateTime={e.at}>{utcTime(e.at)}</time>
        </td>
        <td data-testid="audit-actor">
          {actor.primary}
          {actor.secondary && <span className="muted audit-sub">{actor.secondary}</span>}
        </td>
        <td>
          <span className="audit-mono audit-action" data-testid="audit-action">
            {e.action}
          </span>
        </td>
        <td>
          {e.incidentId ? (
            <Link href={`/incidents/${e.incidentId}`} data-testid="audit-incident">
              {e.incidentNumber !== null ? `INC-${e.incidentNumber}` : e.incidentId}
            </Link>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td className="audit-target">
          {target ? (
            <>
              {target.type && <span className="audit-sub-inline">{target.type}</span>}{" "}
              <span className="audit-mono" title={e.targetId ?? undefined}>
                {target.name}
              </span>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>{e.traceId ? <AuditTraceId traceId={e.traceId} onFilter={onTrace} /> : <span className="muted">—</span>}</td>
        <td>
          <button
            type="button"
            className="audit-expand"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
            data-testid="audit-expand"
          >
            {open ? "Hide" : hasData(e.data) ? "Show data" : "Details"}
            <span className="sr-only"> of event #{e.seq}</span>
          </button>
        </td>
      </tr>
      <tr id={detailsId} className="audit-details" hidden={!open}>
        <td colSpan={COLUMNS}>
          {open && (
            <div className="audit-detail-body">
              <pre className="audit-json" data-testid="audit-data" tabIndex={0} aria-label={`Data of event #${e.seq}`}>
                {JSON.stringify(e.data, null, 2)}
              </pre>
              <dl className="kv audit-hashes">
                {e.actorId && (
                  <>
                    <dt>Actor id</dt>
                    <dd className="audit-mono">{e.actorId}</dd>
                  </>
                )}
                {e.targetId && (
                  <>
                    <dt>Target id</dt>
                    <dd className="audit-mono">{e.targetId}</dd>
                  </>
                )}
                <dt>Hash</dt>
                <dd className="audit-mono">{e.hash}</dd>
                <dt>Previous hash</dt>
                <dd className="audit-mono">{e.prevHash}</dd>
              </dl>
            </div>
          )}
        </td>
      </tr>
    </Fragment>
  );
}

export function AuditTable({ events, onTrace }: { events: AuditEventJson[]; onTrace: (traceId: string) => void }) {
  return (
    // Scrolls sideways on a phone; focusable so the keyboard can scroll it too.
    <div className="audit-scroll" role="region" aria-labelledby="audit-events-caption" tabIndex={0}>
      <table className="audit-table" data-testid="audit-table">
        <caption id="audit-events-caption" className="sr-only">
          Audit events, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Incident</th>
            <th scope="col">Target</th>
            <th scope="col">Trace id</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <AuditRow key={e.seq} event={e} onTrace={onTrace} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
