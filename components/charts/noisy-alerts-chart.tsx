// The noisiest alerts of the range: how often each (alert name × namespace) fired and how
// often it was delivered, as bars and then as a table with the exact numbers.
"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewJson } from "@/lib/client/api";
import { noisySummary, rangeLabel } from "@/lib/client/chart-format";
import { RelativeTime } from "@/components/relative-time";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisProps, chartProps, gridProps, legendProps, tooltipProps } from "@/components/charts/theme";

// Namespace first, as Kubernetes names things; one word, so the tick stays on one line.
const label = (n: OverviewJson["noisy"][number]) => `${n.namespace || "—"}/${n.alertname}`;
const short = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function NoisyAlertsChart({ overview, busy }: { overview: OverviewJson; busy?: boolean }) {
  const rows = overview.noisy.map((n) => ({ ...n, label: label(n) }));
  return (
    <ChartFrame
      id="noisy"
      title="Noisiest alerts"
      subtitle="alert name × namespace, by firings, then deliveries"
      summary={noisySummary(overview)}
      empty={rows.length === 0 ? `No alerts in the last ${rangeLabel[overview.range]}.` : null}
      busy={busy}
      tall
    >
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 0 }} {...chartProps}>
        <CartesianGrid {...gridProps} vertical horizontal={false} />
        <XAxis type="number" allowDecimals={false} {...axisProps} />
        <YAxis type="category" dataKey="label" width={190} tickFormatter={(s: string) => short(s)} interval={0} {...axisProps} />
        <Tooltip {...tooltipProps} />
        <Legend {...legendProps} />
        <Bar dataKey="alerts" name="Firings" fill="var(--accent)" isAnimationActive={false} />
        <Bar dataKey="deliveries" name="Deliveries" fill="var(--muted)" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

export function NoisyAlertsTable({ overview }: { overview: OverviewJson }) {
  if (overview.noisy.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="noisy-table" data-testid="noisy-table">
        <caption className="sr-only">Noisiest alerts of the last {rangeLabel[overview.range]}</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Namespace</th>
            <th scope="col" className="num">
              Firings
            </th>
            <th scope="col" className="num">
              Deliveries
            </th>
            <th scope="col" className="num hide-sm">
              Incidents
            </th>
            <th scope="col" className="hide-sm">
              Last received
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.noisy.map((n) => (
            <tr key={`${n.alertname}\u0000${n.namespace}`}>
              <td className="alertname">{n.alertname}</td>
              <td>{n.namespace || "—"}</td>
              <td className="num">{n.alerts}</td>
              <td className="num">{n.deliveries}</td>
              <td className="num hide-sm">{n.incidents}</td>
              <td className="hide-sm">
                <RelativeTime iso={n.lastReceivedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
