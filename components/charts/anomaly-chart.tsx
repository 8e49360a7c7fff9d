// One anomalous series around its episodes: the values as a line, the band the baseline
// called normal shaded, each episode shaded in its severity's colour, and the correlated
// deploys as dashed lines.
"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { IncidentAnomaliesJson } from "@/lib/client/api";
import { clockTime } from "@/lib/client/chart-format";
import { formatMeasure, metricName } from "@/lib/client/anomaly-format";
import { axisProps, chartProps, gridProps, tooltipProps } from "@/components/charts/theme";
import { markerColor } from "@/components/charts/metric-chart";

type Series = IncidentAnomaliesJson["series"][number];

export function AnomalyChart({ series }: { series: Series }) {
  const start = Date.parse(series.window.start);
  const end = Date.parse(series.window.end);
  const { mean, low, high } = series.baseline;
  return (
    <LineChart data={series.points} margin={{ top: 22, right: 16, bottom: 0, left: 4 }} {...chartProps}>
      <CartesianGrid {...gridProps} />
      <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} tickFormatter={clockTime} minTickGap={24} {...axisProps} />
      <YAxis domain={["auto", "auto"]} tickFormatter={formatMeasure} width={68} {...axisProps} />
      <Tooltip
        labelFormatter={(t) => `${clockTime(Number(t))} UTC`}
        formatter={(v) => [formatMeasure(Number(v)), metricName(series.metric)]}
        {...tooltipProps}
      />
      <ReferenceArea y1={low} y2={high} fill="var(--ok)" fillOpacity={0.08} stroke="none" ifOverflow="hidden" />
      <ReferenceLine
        y={mean}
        stroke="var(--ok)"
        strokeDasharray="2 4"
        label={{ value: "baseline", position: "insideBottomLeft", fill: "var(--ok)", fontSize: 11 }}
        ifOverflow="hidden"
      />
      {series.episodes.map((e) => (
        <ReferenceArea
          key={e.start}
          x1={Date.parse(e.start)}
          x2={e.end ? Date.parse(e.end) : end}
          fill="var(--critical)"
          fillOpacity={0.1}
          stroke="none"
          ifOverflow="hidden"
        />
      ))}
      {series.deploys.map((d, i) => (
        <ReferenceLine
          key={`${d.at}-${i}`}
          x={Date.parse(d.at)}
          stroke={markerColor.rollout}
          strokeDasharray="4 3"
          strokeWidth={1.5}
          label={{ value: d.label, position: i % 2 ? "insideBottomRight" : "insideTopRight", fill: markerColor.rollout, fontSize: 11 }}
        />
      ))}
      <Line dataKey="v" name={series.metric} stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
    </LineChart>
  );
}
