// The overview page: range picker, headline numbers, incidents by severity, alert volume,
// MTTA and MTTR, the noisiest alerts, and anomalies found on ingested telemetry, refreshed
// every 30 s. The range lives in the URL.
"use client";

import { useSearchParams } from "next/navigation";
import type { OverviewJson } from "@/lib/client/api";
import { useOverview } from "@/lib/client/chart-queries";
import { rangeLabel } from "@/lib/client/chart-format";
import { overviewRanges, type OverviewRange } from "@/lib/overview/range";
import { RangePicker } from "@/components/range-picker";
import { OverviewHeadline } from "@/components/overview-headline";
import { SeverityChart } from "@/components/charts/severity-chart";
import { AnomalousServicesTable } from "@/components/anomalous-services-table";
import { DurationsChart } from "@/components/charts/durations-chart";
import { AlertVolumeChart } from "@/components/charts/alert-volume-chart";
import { NoisyAlertsChart, NoisyAlertsTable } from "@/components/charts/noisy-alerts-chart";
import { ChartPlaceholder } from "@/components/charts/chart-frame";
import "@/app/styles/charts.css";

const isRange = (v: string | null): v is OverviewRange => (overviewRanges as readonly (string | null)[]).includes(v);

export function OverviewView({ initial }: { initial: OverviewJson }) {
  const asked = useSearchParams().get("range");
  const range = isRange(asked) ? asked : initial.range;
  const { data, error, isError, isPlaceholderData, isFetching } = useOverview(range, initial);
  // Another range's numbers on screen while this one's come: shown dimmed, never as this range's.
  const busy = isPlaceholderData;
  return (
    <>
      <div className="overview-head">
        <h1>Overview</h1>
        <RangePicker range={range} />
      </div>
      <p className="overview-status" role="status" aria-live="polite" data-testid="overview-status">
        {asked !== null && !isRange(asked) ? (
          <span className="muted">
            Unknown range “{asked}”: showing the last {rangeLabel[range]}.
          </span>
        ) : isError ? (
          <span className="outcome-error">
            Could not refresh: {error.message}
            {data ? " (showing the last numbers received)" : ""}
          </span>
        ) : busy || (isFetching && !data) ? (
          <>
            <span className="spinner" aria-hidden="true" /> Loading the last {rangeLabel[range]}…
          </>
        ) : (
          <span className="muted">Last {rangeLabel[range]}, UTC. Refreshes every 30 seconds.</span>
        )}
      </p>
      {data ? (
        <>
          <OverviewHeadline overview={data} />
          <div className="chart-grid">
            <section className="panel">
              <SeverityChart overview={data} which="incidents" busy={busy} />
            </section>
            <section className="panel">
              <AlertVolumeChart overview={data} busy={busy} />
            </section>
            <section className="panel">
              <DurationsChart overview={data} which="mtta" busy={busy} />
            </section>
            <section className="panel">
              <DurationsChart overview={data} which="mttr" busy={busy} />
            </section>
          </div>
          <section className="panel">
            <NoisyAlertsChart overview={data} busy={busy} />
            <NoisyAlertsTable overview={data} />
          </section>
          <section className="panel">
            <SeverityChart overview={data} which="anomalies" busy={busy} />
            <AnomalousServicesTable overview={data} />
          </section>
        </>
      ) : (
        <OverviewSkeleton error={isError ? `Could not load the overview: ${error.message}` : null} />
      )}
    </>
  );
}

function PanelPlaceholder({ tall, error }: { tall?: boolean; error?: string | null }) {
  return (
    <section className="panel">
      <p className="chart-title">&nbsp;</p>
      <span className="chart-subtitle">&nbsp;</span>
      <ChartPlaceholder tall={tall} error={error} />
    </section>
  );
}

/** The page's shape before its numbers: same cards, same chart boxes. */
export function OverviewSkeleton({ error }: { error?: string | null }) {
  return (
    <>
      <ul className="headline" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i} className="stat">
            <span className="stat-label">&nbsp;</span>
            <span className="stat-value">&nbsp;</span>
          </li>
        ))}
      </ul>
      <div className="chart-grid">
        {[0, 1, 2, 3].map((i) => (
          <PanelPlaceholder key={i} error={error} />
        ))}
      </div>
      <PanelPlaceholder tall error={error} />
      <PanelPlaceholder error={error} />
    </>
  );
}
