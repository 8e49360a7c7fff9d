// Alerts that started firing per hour or day (bars) and the deliveries that carried them
// (line): a gap between the two is Alertmanager repeating itself.
"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewJson } from "@/lib/client/api";
import { bucketLabel, bucketTitle, rangeLabel, volumeSummary } from "@/lib/client/chart-format";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisProps, chartProps, gridProps, legendProps, tooltipProps } from "@/components/charts/theme";

export function AlertVolumeChart({ overview, busy }: { overview: OverviewJson; busy?: boolean }) {
  const { unit } = overview;
  const empty = overview.alerts.every((p) => p.alerts === 0);
  return (
    <ChartFrame
      id="alerts"
      title="Alert volume"
      subtitle={`alerts that started firing per ${unit}, and their deliveries (UTC)`}
      summary={volumeSummary(overview)}
      empty={empty ? `No alerts in the last ${rangeLabel[overview.range]}.` : null}
      busy={busy}
      table={
        <table>
          <caption>Alerts per {unit}</caption>
          <thead>
            <tr>
              <th scope="col">{unit === "hour" ? "Hour" : "Day"}</th>
              <th scope="col">Alerts</th>
              <th scope="col">Deliveries</th>
            </tr>
          </thead>
          <tbody>
            {overview.alerts.map((p) => (
              <tr key={p.t}>
                <th scope="row">{bucketTitle(p.t, unit)}</th>
                <td>{p.alerts}</td>
                <td>{p.deliveries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ComposedChart data={overview.alerts} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} {...chartProps}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="t" tickFormatter={(t: string) => bucketLabel(t, unit)} minTickGap={12} {...axisProps} />
        <YAxis allowDecimals={false} {...axisProps} />
        <Tooltip labelFormatter={(t) => bucketTitle(String(t), unit)} {...tooltipProps} />
        <Legend {...legendProps} />
        <Bar dataKey="alerts" name="Alerts" fill="var(--accent)" isAnimationActive={false} />
        <Line dataKey="deliveries" name="Deliveries" stroke="var(--muted)" strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}
