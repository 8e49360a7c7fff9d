// The incident page's anomalies: what the detector found on the service's own telemetry
// (pushed to /api/ingest), each episode with its severity, how far from the baseline it went,
// and the deploy it correlated; then the series behind them. Absent for incidents that have
// none (an Alertmanager incident), so it costs those pages nothing but one small request.
"use client";

import dynamic from "next/dynamic";
import { useIncidentAnomalies } from "@/lib/client/chart-queries";
import { anomalyMeasure, correlatedChange, episodeSpan, metricName, seriesSummary } from "@/lib/client/anomaly-format";
import type { Severity } from "@/lib/generated/prisma/enums";
import { SeverityBadge } from "@/components/badges";
// recharts only when there is something to draw, as on the metric section.
const AnomalyChart = dynamic(() => import("@/components/charts/anomaly-chart").then((m) => m.AnomalyChart), {
  ssr: false,
  loading: () => <span className="chart-skeleton" aria-hidden="true" />,
});
import "@/app/styles/charts.css";

export function IncidentAnomaliesSection({ incidentId, endedAt }: { incidentId: string; endedAt: string | null }) {
  const { data, isError, error } = useIncidentAnomalies(incidentId, endedAt);
  if (!data || data.anomalies.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="anomalies-heading" data-testid="incident-anomalies">
      <h2 id="anomalies-heading">Anomalies ({data.anomalies.length})</h2>
      <p className="muted">Found on the telemetry the service pushed to Vigil, against each series&rsquo; rolling baseline (UTC).</p>
      <ul className="anomaly-list">
        {data.anomalies.map((a) => {
          const change = correlatedChange(a);
          return (
            <li key={a.id} data-testid="anomaly">
              <SeverityBadge severity={a.severity as Severity} /> <strong>{a.service}</strong> · {metricName(a.metric)}{" "}
              <span className="muted">{episodeSpan(a)}</span>
              <div>
                {anomalyMeasure(a)}
                {a.samples > 1 ? `, ${a.samples} samples` : ""}
              </div>
              {change && <div className="anomaly-change">Correlated: {change}</div>}
            </li>
          );
        })}
      </ul>
      {data.series.map((s) => (
        <figure key={`${s.service}\u0000${s.metric}`} className="chart" data-testid="anomaly-series">
          <figcaption className="chart-title">
            {metricName(s.metric)} <span className="chart-subtitle">{s.service}</span>
          </figcaption>
          <div className="chart-body" role="img" aria-label={seriesSummary(s)}>
            {s.points.length ? (
              <AnomalyChart series={s} />
            ) : (
              <p className="chart-message">No samples of this series are left in the window (retention).</p>
            )}
          </div>
        </figure>
      ))}
      {isError && (
        <p role="alert" className="metric-notes">
          Could not refresh: {error.message}
        </p>
      )}
    </section>
  );
}
