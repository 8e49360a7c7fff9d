import Link from "next/link";
import type { IncidentJson } from "@/lib/client/api";
import { SeverityBadge } from "@/components/badges";
import { RUNBOOK_ANNOTATIONS } from "@/lib/runbooks/links";

type AlertJson = IncidentJson["alerts"][number];
/** The library runbook an alert's runbook_url names. */
export type RunbookLink = { id: string; slug: string; title: string };

const isRunbookAnnotation = (key: string) => (RUNBOOK_ANNOTATIONS as readonly string[]).includes(key);

function Labels({ values }: { values: Record<string, string> }) {
  return (
    <span className="labels">
      {Object.entries(values).map(([k, v]) => (
        <span key={k} className="label">
          {k}={v}
        </span>
      ))}
    </span>
  );
}

function safeHref(url: string | null): string | undefined {
  // Alert text comes from outside: only plain web links become clickable.
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

export function AlertCard({ alert, runbook }: { alert: AlertJson; runbook?: RunbookLink }) {
  const labels = alert.labels as Record<string, string>;
  const annotations = alert.annotations as Record<string, string>;
  const source = safeHref(alert.generatorURL);
  return (
    <article className="alert-card" data-testid="alert-row" data-fingerprint={alert.fingerprint}>
      <div className="row">
        <strong>{alert.alertname}</strong>
        <SeverityBadge severity={alert.severity} />
        <span className={`badge ${alert.status === "resolved" ? "state-resolved" : "sev-high"}`} data-testid="alert-status">
          {alert.status}
        </span>
        {alert.receiveCount > 1 && <span className="muted">received {alert.receiveCount}×</span>}
      </div>
      <dl className="kv" style={{ marginTop: 8 }}>
        <dt>Started</dt>
        <dd>{new Date(alert.startsAt).toISOString()}</dd>
        {alert.endsAt && (
          <>
            <dt>Ended</dt>
            <dd>{new Date(alert.endsAt).toISOString()}</dd>
          </>
        )}
        <dt>Labels</dt>
        <dd>
          <Labels values={labels} />
        </dd>
        {Object.entries(annotations).map(([k, v]) => (
          <div key={k} style={{ display: "contents" }}>
            <dt>{k}</dt>
            <dd>
              {runbook && isRunbookAnnotation(k) && (
                <>
                  <Link href={`/runbooks/${runbook.id}`} data-testid="alert-runbook-link">
                    Runbook: {runbook.title}
                  </Link>{" "}
                </>
              )}
              {safeHref(v) ? (
                <a href={v} rel="noreferrer noopener" target="_blank">
                  {v}
                </a>
              ) : (
                v
              )}
            </dd>
          </div>
        ))}
        {source && (
          <>
            <dt>Source</dt>
            <dd>
              <a href={source} rel="noreferrer noopener" target="_blank">
                generator
              </a>
            </dd>
          </>
        )}
        <dt>Fingerprint</dt>
        <dd className="label">{alert.fingerprint}</dd>
      </dl>
    </article>
  );
}
