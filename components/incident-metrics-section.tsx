// The incident page's metric section: the signal most relevant to the alert around the
// incident, deploy/change/action markers and the anomaly window, with a choice of signal.
// The chart area keeps one height through loading, messages and data.
"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import { useIncidentMetrics } from "@/lib/client/chart-queries";
import { clockTime, metricSummary } from "@/lib/client/chart-format";
import { formatSignal, signalLabel } from "@/lib/metrics/format";
import type { IncidentMetricsJson } from "@/lib/client/api";
import type { Signal } from "@/lib/scenarios/schema";
import { ChartPlaceholder } from "@/components/charts/chart-frame";
// recharts is most of this page's JavaScript: fetched only when the chart is drawn, in the
// placeholder's fixed height so nothing shifts (bench:console: −133 KB gzip on first load).
const MetricChart = dynamic(() => import("@/components/charts/metric-chart").then((m) => m.MetricChart), {
  ssr: false,
  loading: () => <span className="chart-skeleton" aria-hidden="true" />,
});
import "@/app/styles/charts.css";

function message(m: IncidentMetricsJson): string | null {
  if (m.status === "no_prometheus") return "No Prometheus configured: set PROMETHEUS_URL to see the alert's metric here.";
  if (m.status === "no_workload") return "The alert names no workload to chart.";
  if (m.status === "no_data")
    return `No samples of ${m.signal ? signalLabel[m.signal].toLowerCase() : "any signal"} for ${m.workload?.namespace}/${m.workload?.name} in this window.`;
  return null;
}

function DataTable({ m, signal }: { m: IncidentMetricsJson; signal: Signal }) {
  return (
    <table>
      <caption>
        {signalLabel[signal]} of {m.workload?.namespace}/{m.workload?.name} (UTC)
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {m.points.map((p) => (
          <tr key={p.t}>
            <th scope="row">{clockTime(p.t)}</th>
            <td>{formatSignal(signal, p.v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Props = {
  incidentId: string;
  /** When the incident resolved (or closed); null while it is live. */
  endedAt: string | null;
  /** How many actions Vigil executed: a new one is a new marker. */
  executed: number;
};

export function IncidentMetricsSection({ incidentId, endedAt, executed }: Props) {
  const [chosen, setChosen] = useState<Signal | null>(null);
  const { data, error, isError, isPlaceholderData } = useIncidentMetrics(incidentId, chosen, { endedAt, executed });
  const live = !endedAt;
  const signal = data?.signal ?? null;
  const text = data ? message(data) : null;
  const switchable = !!data && data.candidates.length > 1;
  return (
    <section className="panel metric-section" aria-labelledby="metric-heading" data-testid="incident-metrics">
      <div className="panel-head">
        <h2 id="metric-heading">Metric around the incident</h2>
        {/* Always laid out, shown once there is a choice: its arrival must not move the page. */}
        <label className="filter-field" style={switchable ? undefined : { visibility: "hidden" }}>
          <span>Signal</span>
          <select
            value={chosen ?? signal ?? ""}
            onChange={(e) => setChosen(e.target.value as Signal)}
            disabled={!switchable}
            data-testid="metric-signal"
          >
            {(switchable ? data.candidates : [signal ?? ""]).map((s) => (
              <option key={s} value={s}>
                {s ? signalLabel[s as Signal] : "—"}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted chart-subtitle metric-subtitle" data-testid="metric-subtitle">
        {data?.workload && signal ? `${signalLabel[signal]} of ${data.workload.namespace}/${data.workload.name}, ` : ""}
        from an hour before the alert{live ? " until now" : " until 15 minutes after it resolved"} (UTC)
      </p>
      {!data ? (
        <ChartPlaceholder error={isError ? `Could not load the metric: ${error.message}` : null} />
      ) : text || !signal ? (
        <div className="chart-body">
          <p className="chart-message" data-testid="metric-message">
            {text}
          </p>
        </div>
      ) : (
        <div
          className="chart-body"
          role="img"
          aria-label={metricSummary(data)}
          aria-busy={isPlaceholderData || undefined}
          data-testid="metric-chart"
        >
          <MetricChart metrics={data} signal={signal} />
        </div>
      )}
      <ul className="metric-markers" aria-label="Markers">
        {data?.anomaly && (
          <li className="marker-anomaly">
            <span className="marker-swatch" aria-hidden="true" />
            alert {data.anomaly.ongoing ? "firing since" : "fired"} {clockTime(Date.parse(data.anomaly.start))}
            {data.anomaly.ongoing ? "" : `–${clockTime(Date.parse(data.anomaly.end))}`}
          </li>
        )}
        {data?.markers.map((m, i) => (
          <li key={`${m.at}-${i}`} className={`marker-${m.kind}`} title={m.detail} data-testid="metric-marker">
            <span className="marker-swatch" aria-hidden="true" />
            {clockTime(Date.parse(m.at))} {m.label}
          </li>
        ))}
      </ul>
      <p className="metric-notes" role={isError && data ? "alert" : undefined}>
        {isError && data ? `Could not refresh: ${error.message}` : data?.notes.length ? `Not read: ${data.notes.join("; ")}` : ""}
      </p>
      {data && signal && !text && (
        <div className="sr-only">
          <DataTable m={data} signal={signal} />
        </div>
      )}
    </section>
  );
}
