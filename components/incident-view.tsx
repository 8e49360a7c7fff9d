"use client";

import type { IncidentJson } from "@/lib/client/api";
import { useIncident } from "@/lib/client/queries";
import { SeverityBadge, StateBadge } from "@/components/badges";
import { RelativeTime } from "@/components/relative-time";
import { AlertCard } from "@/components/alert-card";

function duration(fromIso: string, toIso: string | null): string {
  const end = toIso ? new Date(toIso).getTime() : Date.now();
  const minutes = Math.round((end - new Date(fromIso).getTime()) / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function IncidentView({ initial }: { initial: IncidentJson }) {
  const { data, isError, error } = useIncident(initial.id, initial);
  const incident = data ?? initial;
  return (
    <>
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
          <dd>{[incident.namespace, incident.workloadKind && `${incident.workloadKind}/`, incident.workload].filter(Boolean).join(" ") || "—"}</dd>
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

      <section className="panel" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts ({incident.alerts.length})</h2>
        {incident.alerts.map((a) => (
          <AlertCard key={a.id} alert={a} />
        ))}
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline" data-testid="timeline">
          {incident.timeline.map((e) => (
            <li key={e.seq}>
              <RelativeTime iso={e.at} />
              <span>
                <strong>{e.action}</strong> <span className="muted">by {e.actorType}{e.actorId ? ` ${e.actorId}` : ""}</span>
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
