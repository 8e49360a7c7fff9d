// The detector's constants and its settings. The window, cold start and z thresholds are the
// issue's; the rest are choices documented where they are used.
import type { Severity } from "@/lib/generated/prisma/enums";

/** Samples in a series' rolling baseline. */
export const WINDOW = 1_000;
/** No verdict until the window holds this many samples. */
export const COLD_START = 10;
/** |z| at or above each level (a drop is as anomalous as a rise). */
export const Z_THRESHOLDS = { critical: 4, high: 3, medium: 2.5 } as const;
/** An episode ends after this many consecutive normal samples (|z| < medium). */
export const RESOLVE_AFTER = 5;
/** A deploy of the same service this long before an anomaly raises it one level. */
export const CHANGE_WINDOW_MS = 30 * 60_000;

/** The error-rate series of a service's logs: `$` keeps it apart from client metric names,
 * which lib/ingest/schemas.ts limits to letters, digits and _ . : - / */
export const LOG_ERRORS_SERIES = "$log_errors_per_min";
/** A minute is a flood only with at least this many errors and this multiple of the usual rate:
 * counts are small integers, where a z-score alone calls 3 errors after silence critical. */
export const LOG_MIN_ERRORS = 10;
export const LOG_FLOOD_RATIO = 3;
/** Silent minutes fed as zeros after a gap, at most (older silence is skipped). */
export const LOG_MAX_GAP_MINUTES = 60;

export type AnomalySeverity = Extract<Severity, "medium" | "high" | "critical">;

export type AnomalyConfig = {
  enabled: boolean;
  /** The least (deploy-raised) severity at which an episode opens an incident. */
  incidentSeverity: AnomalySeverity;
  /** Consecutive anomalous samples a metric's episode needs before it opens an incident. */
  alertAfter: number;
};

export const defaultAnomalyConfig: AnomalyConfig = { enabled: true, incidentSeverity: "high", alertAfter: 3 };
