// The incident page's summary: number, title, severity and state, workload, when it opened,
// and its clocks — a person's time to acknowledge (MTTA), Vigil's own time to its first RCA
// beside it, to mitigate, to resolve (MTTR) — ticking "so far" on the shared clock while they
// have not happened (the server renders no guess).
"use client";

import "@/app/styles/incidents.css";
import type { IncidentJson } from "@/lib/client/api";
import { useClock } from "@/lib/client/clock";
import { formatElapsed, incidentTimings, type Span } from "@/lib/incidents/timings";
import { SeverityBadge, StateBadge } from "@/components/badges";
import { RelativeTime } from "@/components/relative-time";

type Incident = Pick<
  IncidentJson,
  | "number"
  | "title"
  | "severity"
  | "state"
  | "namespace"
  | "workload"
  | "workloadKind"
  | "openedAt"
  | "acknowledgedAt"
  | "firstRcaAt"
  | "mitigatedAt"
  | "resolvedAt"
  | "closedAt"
  | "truncatedAlerts"
  | "groupKey"
  | "traceId"
>;

function workloadText(i: Pick<Incident, "namespace" | "workload" | "workloadKind">): string {
  const workload = i.workload ? `${i.workloadKind ? `${i.workloadKind}/` : ""}${i.workload}` : null;
  return [i.namespace, workload].filter(Boolean).join(" · ") || "—";
}

type ClockProps = { label: string; span: Span; none: string; testId: string; title: string };

function Clock({ label, span, none, testId, title }: ClockProps) {
  return (
    <div className="clock" data-kind={span.kind} title={title}>
      <dt>{label}</dt>
      <dd data-testid={testId} data-kind={span.kind}>
        {span.kind === "done" && formatElapsed(span.ms)}
        {span.kind === "none" && none}
        {span.kind === "running" &&
          (span.ms === null ? (
            "…"
          ) : (
            <>
              {formatElapsed(span.ms)} <span className="so-far">so far</span>
            </>
          ))}
      </dd>
    </div>
  );
}

export function IncidentSummary({ incident }: { incident: Incident }) {
  const now = useClock();
  const t = incidentTimings(incident, now);
  return (
    <section className="panel" aria-labelledby="incident-title" data-testid="incident-summary">
      <p className="muted">INC-{incident.number}</p>
      <h1 id="incident-title" data-testid="incident-title">
        {incident.title}
      </h1>
      <div className="row summary-badges">
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
      <div className="summary-grid">
        <dl className="clocks" aria-label="Response times">
          <Clock label="Age" span={t.age} none="—" testId="age" title="Since the incident opened" />
          <Clock
            label="Time to acknowledge"
            span={t.acknowledge}
            none="Never acknowledged"
            testId="mtta"
            title="MTTA: from opening until a person acknowledged it (Vigil's own work does not count)"
          />
          <Clock
            label="Vigil: time to first RCA"
            span={t.firstRca}
            none="No RCA"
            testId="first-rca"
            title="Vigil's own speed, not MTTA: from opening until its first investigation concluded"
          />
          <Clock
            label="Time to mitigate"
            span={t.mitigate}
            none="Not mitigated"
            testId="mttm"
            title="From opening until a remediation was applied"
          />
          <Clock
            label="Time to resolve"
            span={t.resolve}
            none="Closed unresolved"
            testId="mttr"
            title="MTTR: from opening until its alerts resolved"
          />
        </dl>
        <dl className="kv">
          <dt>Workload</dt>
          <dd data-testid="workload">{workloadText(incident)}</dd>
          <dt>Opened</dt>
          <dd>
            <time dateTime={incident.openedAt}>{incident.openedAt.slice(0, 19).replace("T", " ")} UTC</time>
          </dd>
          <dt>Group</dt>
          <dd className="label">{incident.groupKey}</dd>
          <dt>Trace id</dt>
          <dd className="label" data-testid="trace-id">
            {incident.traceId}
          </dd>
        </dl>
      </div>
    </section>
  );
}
