// The alert's metric around the incident: the signal as a line, the anomaly window shaded,
// and a dashed line at each rollout, change and action Vigil executed.
"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { IncidentMetricsJson } from "@/lib/client/api";
import { clockTime } from "@/lib/client/chart-format";
import { formatSignal, signalLabel } from "@/lib/metrics/format";
import type { Signal } from "@/lib/scenarios/schema";
import { axisProps, chartProps, gridProps, tooltipProps } from "@/components/charts/theme";

export const markerColor = { rollout: "var(--high)", change: "var(--medium)", action: "var(--ok)" } as const;

export function MetricChart({ metrics, signal }: { metrics: IncidentMetricsJson; signal: Signal }) {
  const start = Date.parse(metrics.window.start);
  const end = Date.parse(metrics.window.end);
  const f = (v: number) => formatSignal(signal, v);
  return (
    <LineChart data={metrics.points} margin={{ top: 22, right: 16, bottom: 0, left: 4 }} {...chartProps}>
      <CartesianGrid {...gridProps} />
      <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} tickFormatter={clockTime} minTickGap={24} {...axisProps} />
      <YAxis domain={[0, "auto"]} tickFormatter={f} width={68} {...axisProps} />
      <Tooltip
        labelFormatter={(t) => `${clockTime(Number(t))} UTC`}
        formatter={(v) => [f(Number(v)), signalLabel[signal]]}
        {...tooltipProps}
      />
      {metrics.anomaly && (
        <ReferenceArea
          x1={Date.parse(metrics.anomaly.start)}
          x2={Date.parse(metrics.anomaly.end)}
          fill="var(--critical)"
          fillOpacity={0.1}
          stroke="none"
          label={{
            value: metrics.anomaly.ongoing ? "alert firing" : "alert fired",
            position: "insideTopLeft",
            fill: "var(--critical)",
            fontSize: 11,
          }}
          ifOverflow="hidden"
        />
      )}
      {metrics.markers.map((m, i) => (
        <ReferenceLine
          key={`${m.at}-${i}`}
          x={Date.parse(m.at)}
          stroke={markerColor[m.kind]}
          strokeDasharray="4 3"
          strokeWidth={1.5}
          // Alternate top and bottom so neighbouring labels do not print over each other.
          label={{ value: m.label, position: i % 2 ? "insideBottomRight" : "insideTopRight", fill: markerColor[m.kind], fontSize: 11 }}
        />
      ))}
      <Line dataKey="v" name={signalLabel[signal]} stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
    </LineChart>
  );
}
