// MTTA or MTTR per hour or day of opening: median (solid) and p90 (dashed). A bucket in
// which nothing was acknowledged (resolved) leaves a gap, not a zero. One chart each: an
// MTTR of hours would flatten an MTTA of minutes on a shared axis.
"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewJson } from "@/lib/client/api";
import {
  bucketLabel,
  bucketTitle,
  durationTicks,
  durationsSummary,
  formatDuration,
  formatDurationTick,
  rangeLabel,
} from "@/lib/client/chart-format";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisProps, chartProps, gridProps, legendProps, tooltipProps } from "@/components/charts/theme";

const variants = {
  mtta: {
    title: "Time to acknowledge (MTTA)",
    verb: "acknowledged",
    p50: "mttaP50",
    p90: "mttaP90",
    count: "acknowledged",
    color: "var(--accent)",
  },
  mttr: { title: "Time to resolve (MTTR)", verb: "resolved", p50: "mttrP50", p90: "mttrP90", count: "resolved", color: "var(--high)" },
} as const;

export function DurationsChart({ overview, which, busy }: { overview: OverviewJson; which: "mtta" | "mttr"; busy?: boolean }) {
  const { unit } = overview;
  const v = variants[which];
  const empty = overview.durations.every((p) => p[v.p50] === null);
  const ticks = durationTicks(Math.max(0, ...overview.durations.map((p) => p[v.p90] ?? p[v.p50] ?? 0)));
  return (
    <ChartFrame
      id={which}
      title={v.title}
      subtitle={`median and p90 of incidents by the ${unit} they opened (UTC)`}
      summary={durationsSummary(overview, which)}
      empty={empty ? `No incident opened in the last ${rangeLabel[overview.range]} was ${v.verb} yet.` : null}
      busy={busy}
      table={
        <table>
          <caption>
            {v.title} per {unit}
          </caption>
          <thead>
            <tr>
              <th scope="col">{unit === "hour" ? "Hour" : "Day"}</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
              <th scope="col">Incidents {v.verb}</th>
            </tr>
          </thead>
          <tbody>
            {overview.durations.map((p) => (
              <tr key={p.t}>
                <th scope="row">{bucketTitle(p.t, unit)}</th>
                <td>{formatDuration(p[v.p50])}</td>
                <td>{formatDuration(p[v.p90])}</td>
                <td>{p[v.count]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <LineChart data={overview.durations} margin={{ top: 8, right: 8, bottom: 0, left: -8 }} {...chartProps}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="t" tickFormatter={(t: string) => bucketLabel(t, unit)} minTickGap={12} {...axisProps} />
        <YAxis ticks={ticks} domain={[0, ticks[ticks.length - 1]!]} tickFormatter={formatDurationTick} width={48} {...axisProps} />
        <Tooltip
          labelFormatter={(t) => bucketTitle(String(t), unit)}
          formatter={(value) => formatDuration(typeof value === "number" ? value : null)}
          {...tooltipProps}
        />
        <Legend {...legendProps} />
        <Line
          dataKey={v.p50}
          name="Median"
          stroke={v.color}
          strokeWidth={2}
          dot={{ r: 2.5 }}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey={v.p90}
          name="p90"
          stroke={v.color}
          strokeWidth={1.5}
          strokeDasharray="5 4"
          dot={{ r: 2 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
}
