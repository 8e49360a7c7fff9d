// The incident page: summary, investigation (streamed as it runs), alerts and timeline, refreshed live.
"use client";

import type { IncidentJson } from "@/lib/client/api";
import { useIncident } from "@/lib/client/queries";
import { useIncidentStream } from "@/lib/client/incident-stream";
import { watchtowerFor } from "@/lib/client/live-run";
import { SeverityBadge, StateBadge } from "@/components/badges";
import { RelativeTime } from "@/components/relative-time";
import { AlertCard } from "@/components/alert-card";
import { InvestigationSection } from "@/components/investigation-section";
import { WatchtowerBanner } from "@/components/watchtower-banner";
import { EscalatedBanner } from "@/components/escalated-banner";
import type { Viewer } from "@/lib/client/action-controls";

function duration(fromIso: string, toIso: string | null): string {
  const end = toIso ? new Date(toIso).getTime() : Date.now();
  const minutes = Math.round((end - new Date(fromIso).getTime()) / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function workloadText(i: Pick<IncidentJson, "namespace" | "workload" | "workloadKind">): string {
  const workload = i.workload ? `${i.workloadKind ? `${i.workloadKind}/` : ""}${i.workload}` : null;
  return [i.namespace, workload].filter(Boolean).join(" · ") || "—";
}

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

export function IncidentView({ initial, viewer }: { initial: IncidentJson; viewer: Viewer }) {
  const { data, isError, error } = useIncident(initial.id, initial);
  const incident = data ?? initial;
  const stream = useIncidentStream(initial.id);
  const watchtower = watchtowerFor(incident.latestRun, stream.watchtower);
  return (
    <>
      {incident.escalated && <EscalatedBanner reason={escalationReason(incident.timeline)} />}
      {watchtower?.active && <WatchtowerBanner reason={watchtower.reason} />}
      {isError && (
        <p role="alert" className="notice error">
          Live updates paused: {error.message}
        </p>
      )}
      <section className="panel" aria-labelledby="incident-title">
        <p className="muted">INC-{incident.number}</p>
        <h1 id="incident-title" data-testid="incident-title">
          {incident.title}
        </h1>
        <div className="row" style={{ marginBottom: 12 }}>
          <SeverityBadge severity={incident.severity} />
          <StateBadge state={incident.state} />
          <span className="muted">
            opened <RelativeTime iso={incident.openedAt} />
          </span>
        </div>
        {incident.truncatedAlerts > 0 && (
          <p className="notice" data-testid="truncated-notice">
            Alertmanager left out {incident.truncatedAlerts} alert(s) of this group (max_alerts): they are not shown here.
          </p>
        )}
        <dl className="kv">
          <dt>Workload</dt>
          <dd>{workloadText(incident)}</dd>
          <dt>Open for</dt>
          <dd>{duration(incident.openedAt, incident.resolvedAt ?? incident.closedAt)}</dd>
          {incident.resolvedAt && (
            <>
              <dt>Time to resolve</dt>
              <dd data-testid="mttr">{duration(incident.openedAt, incident.resolvedAt)}</dd>
            </>
          )}
          <dt>Group</dt>
          <dd className="label">{incident.groupKey}</dd>
          <dt>Trace id</dt>
          <dd className="label" data-testid="trace-id">
            {incident.traceId}
          </dd>
        </dl>
      </section>

      <InvestigationSection
        latestRun={incident.latestRun}
        evidence={incident.evidence}
        actions={incident.actions}
        liveRun={stream.run}
        incidentId={incident.id}
        viewer={viewer}
      />

      <section className="panel" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts ({incident.alerts.length})</h2>
        {incident.alerts.map((a) => (
          <AlertCard key={a.id} alert={a} />
        ))}
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline <span className="muted">(UTC)</span></h2>
        <ol className="timeline" data-testid="timeline">
          {collapse(incident.timeline).map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at} title={e.at}>
                {e.at.slice(11, 19)}
              </time>
              <span>
                <strong>{e.action}</strong>
                {e.repeats > 1 && <span className="muted"> ×{e.repeats}</span>}{" "}
                <span className="muted">
                  by {e.actorType}
                  {e.actorId ? ` ${e.actorId}` : ""}
                </span>
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
