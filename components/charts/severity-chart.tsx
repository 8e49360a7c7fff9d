// Counts per hour or day, stacked by severity: incidents opened, anomalies detected.
"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewJson } from "@/lib/client/api";
import { bucketLabel, bucketTitle, rangeLabel, severitySeries, severitySummary, type SeveritySeries } from "@/lib/client/chart-format";
import { severities, severityLabel } from "@/lib/incidents/model";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisProps, chartProps, gridProps, legendProps, severityColor, tooltipProps } from "@/components/charts/theme";

const titles: Record<SeveritySeries, string> = { incidents: "Incidents opened", anomalies: "Anomalies detected" };

export function SeverityChart({ overview, which, busy }: { overview: OverviewJson; which: SeveritySeries; busy?: boolean }) {
  const { unit } = overview;
  const points = overview[which];
  const { many, verb } = severitySeries[which];
  const empty = points.every((p) => p.total === 0);
  return (
    <ChartFrame
      id={which}
      title={titles[which]}
      subtitle={`per ${unit}, by severity (UTC)`}
      summary={severitySummary(overview, which)}
      empty={empty ? `No ${many} ${verb} in the last ${rangeLabel[overview.range]}.` : null}
      busy={busy}
      table={
        <table>
          <caption>
            {titles[which]} per {unit}
          </caption>
          <thead>
            <tr>
              <th scope="col">{unit === "hour" ? "Hour" : "Day"}</th>
              {severities.map((s) => (
                <th key={s} scope="col">
                  {severityLabel[s]}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.t}>
                <th scope="row">{bucketTitle(p.t, unit)}</th>
                {severities.map((s) => (
                  <td key={s}>{p[s]}</td>
                ))}
                <td>{p.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} {...chartProps}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="t" tickFormatter={(t: string) => bucketLabel(t, unit)} minTickGap={12} {...axisProps} />
        <YAxis allowDecimals={false} {...axisProps} />
        <Tooltip labelFormatter={(t) => bucketTitle(String(t), unit)} {...tooltipProps} />
        <Legend {...legendProps} />
        {severities.map((s) => (
          <Bar key={s} dataKey={s} name={severityLabel[s]} stackId="severity" fill={severityColor[s]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
