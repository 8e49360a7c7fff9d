// The incident page: summary and the command panel, investigation (streamed as it runs) and
// every run compared, alerts, and the timeline with its notes, refreshed live.
"use client";

import type { IncidentJson } from "@/lib/client/api";
import { useIncident } from "@/lib/client/queries";
import { useIncidentStream } from "@/lib/client/incident-stream";
import { watchtowerFor } from "@/lib/client/live-run";
import { IncidentSummary } from "@/components/incident-summary";
import { LineageLink } from "@/components/lineage-link";
import { AlertCard } from "@/components/alert-card";
import { InvestigationSection } from "@/components/investigation-section";
import { IncidentMetricsSection } from "@/components/incident-metrics-section";
import { IncidentAnomaliesSection } from "@/components/incident-anomalies-section";
import { WatchtowerBanner } from "@/components/watchtower-banner";
import { EscalatedBanner } from "@/components/escalated-banner";
import { PostmortemSection } from "@/components/postmortem-section";
import { IncidentCommand, type Responder } from "@/components/incident-command";
import { InvestigationRuns } from "@/components/investigation-runs";
import { NoteComposer, TimelineNote } from "@/components/incident-notes";
import type { RcaEngine } from "@/lib/investigation/engines";
import type { Viewer } from "@/lib/client/action-controls";
import type { RunbookLink } from "@/components/alert-card";

type TimelineEntry = IncidentJson["timeline"][number] & { repeats: number };

/** Alertmanager resends a group every group_interval: show a run of identical
 * deliveries as one line with a count rather than a wall of repeats. */
function collapse(events: IncidentJson["timeline"]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (last && last.action === e.action && e.action === "webhook.received") last.repeats += 1;
    else out.push({ ...e, repeats: 1 });
  }
  return out;
}

/** Why the incident was escalated, from its audit event. */
function escalationReason(timeline: IncidentJson["timeline"]): string | null {
  const data = timeline.findLast((e) => e.action === "incident.escalated")?.data;
  const reason = data && typeof data === "object" && !Array.isArray(data) ? data.reason : null;
  return typeof reason === "string" ? reason : null;
}

/** The note a `note.added` event added, by the id its data carries. */
function noteIdOf(e: IncidentJson["timeline"][number]): string | null {
  const data = e.data;
  const id = e.action === "note.added" && data && typeof data === "object" && !Array.isArray(data) ? data.noteId : null;
  return typeof id === "string" ? id : null;
}

/** runbookLinks: per alert id, the library runbook its runbook_url names (resolved at page load).
 * responders and engines: who may own it, and what it may be investigated again with. */
export function IncidentView({
  initial,
  viewer,
  runbookLinks = {},
  responders = [],
  engines = [],
}: {
  initial: IncidentJson;
  viewer: Viewer;
  runbookLinks?: Record<string, RunbookLink>;
  responders?: Responder[];
  engines?: RcaEngine[];
}) {
  const { data, isError, error } = useIncident(initial.id, initial);
  const incident = data ?? initial;
  const stream = useIncidentStream(initial.id);
  const watchtower = watchtowerFor(incident.latestRun, stream.watchtower);
  const notes = new Map(incident.notes.map((n) => [n.id, n]));
  return (
    <>
      {incident.escalated && <EscalatedBanner reason={escalationReason(incident.timeline)} />}
      {watchtower?.active && <WatchtowerBanner reason={watchtower.reason} />}
      {isError && (
        <p role="alert" className="notice error">
          Live updates paused: {error.message}
        </p>
      )}
      <IncidentSummary incident={incident} />
      <IncidentCommand incident={incident} viewer={viewer} responders={responders} engines={engines} />
      <LineageLink incidentId={incident.id} />

      <InvestigationSection
        latestRun={incident.latestRun}
        evidence={incident.evidence}
        actions={incident.actions}
        liveRun={stream.run}
        incidentId={incident.id}
        viewer={viewer}
      />
      <InvestigationRuns runs={incident.runs} />

      <IncidentAnomaliesSection incidentId={incident.id} endedAt={incident.resolvedAt ?? incident.closedAt} />

      <IncidentMetricsSection
        incidentId={incident.id}
        endedAt={incident.resolvedAt ?? incident.closedAt}
        executed={incident.actions.filter((a) => a.executedAt).length}
      />

      <section className="panel" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts ({incident.alerts.length})</h2>
        {incident.alerts.map((a) => (
          <AlertCard key={a.id} alert={a} runbook={runbookLinks[a.id]} />
        ))}
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">
          Timeline <span className="muted">(UTC)</span>
        </h2>
        <ol className="timeline" data-testid="timeline">
          {collapse(incident.timeline).map((e) => {
            const noteId = noteIdOf(e);
            return (
              <li key={e.seq} data-action={e.action}>
                <time dateTime={e.at} title={e.at}>
                  {e.at.slice(11, 19)}
                </time>
                <div className="timeline-entry">
                  <strong>{e.action}</strong>
                  {e.repeats > 1 && <span className="muted"> ×{e.repeats}</span>}{" "}
                  <span className="muted">
                    by {e.actorType}
                    {e.actor ? ` ${e.actor}` : ""}
                  </span>
                  {noteId && <TimelineNote incidentId={incident.id} noteId={noteId} note={notes.get(noteId)} viewer={viewer} />}
                </div>
              </li>
            );
          })}
        </ol>
        <NoteComposer incidentId={incident.id} viewer={viewer} />
      </section>

      <PostmortemSection incident={incident} viewer={viewer} />
    </>
  );
}
