// Shared look of the console's recharts: theme variables for colours (dark mode follows the
// OS through globals.css), muted axes, no animation (the numbers matter, not the motion).
import type { Severity } from "@/lib/generated/prisma/enums";

export const severityColor: Record<Severity, string> = {
  critical: "var(--critical)",
  high: "var(--high)",
  medium: "var(--medium)",
  low: "var(--low)",
  info: "var(--info)",
};

export const axisProps = {
  stroke: "var(--border)",
  tick: { fill: "var(--muted)", fontSize: 12 },
  tickLine: false,
} as const;

export const gridProps = { stroke: "var(--border)", strokeDasharray: "3 3", vertical: false } as const;

export const tooltipProps = {
  cursor: { fill: "color-mix(in srgb, var(--muted) 12%, transparent)", stroke: "var(--border)" },
  isAnimationActive: false,
} as const;

// In the order the series are drawn (recharts sorts by name otherwise).
export const legendProps = { iconSize: 10, itemSorter: null, wrapperStyle: { fontSize: 12, color: "var(--text)" } } as const;

/** Props every chart takes: fills its fixed-height box; the summary and table speak for it. */
export const chartProps = { responsive: true, accessibilityLayer: false, style: { width: "100%", height: "100%" } } as const;
