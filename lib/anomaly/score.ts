// The verdict on one sample against its series' window, taken BEFORE the sample joins it:
// z = (x − mean) / σ, with σ floored so that a flat series does not divide by zero or call
// a 1% wobble critical, and the severity of |z|.
import { COLD_START, LOG_FLOOD_RATIO, LOG_MIN_ERRORS, Z_THRESHOLDS, type AnomalySeverity } from "@/lib/anomaly/config";
import { windowMean, windowStddev, type Window } from "@/lib/anomaly/window";

export type SeriesKind = "metric" | "log_errors";
export type Verdict = { z: number; mean: number; sd: number; severity: AnomalySeverity | null };

/** Below this σ a series is treated as flat at this scale (guards σ = 0 at mean 0). */
const EPSILON = 1e-6;

/**
 * σ's floor: for a metric, 1% of |mean| (or ε); for an error count, √mean and at least 1 —
 * the spread of a Poisson count, so a trickle of 2 errors after silence is not a spike.
 */
export function sigmaFloor(mean: number, kind: SeriesKind): number {
  return kind === "log_errors" ? Math.max(1, Math.sqrt(Math.max(mean, 0))) : Math.max(0.01 * Math.abs(mean), EPSILON);
}

export function severityOf(absZ: number): AnomalySeverity | null {
  if (absZ >= Z_THRESHOLDS.critical) return "critical";
  if (absZ >= Z_THRESHOLDS.high) return "high";
  if (absZ >= Z_THRESHOLDS.medium) return "medium";
  return null;
}

/** One level up (a correlated deploy): medium → high → critical. */
export function raise(severity: AnomalySeverity): AnomalySeverity {
  return severity === "medium" ? "high" : "critical";
}

export const severityRank: Record<AnomalySeverity, number> = { medium: 1, high: 2, critical: 3 };

/** null during the cold start: too few samples for a verdict. */
export function judge(w: Window, x: number, kind: SeriesKind): Verdict | null {
  if (w.count < COLD_START) return null;
  const mean = windowMean(w);
  const sd = Math.max(windowStddev(w), sigmaFloor(mean, kind));
  const z = (x - mean) / sd;
  let severity = severityOf(Math.abs(z));
  // An error count is a flood only upwards, and only when it is many errors and many times the usual.
  if (kind === "log_errors" && (z < 0 || x < LOG_MIN_ERRORS || x < LOG_FLOOD_RATIO * mean)) severity = null;
  return { z, mean, sd, severity };
}
