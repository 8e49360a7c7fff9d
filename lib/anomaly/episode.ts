// Anomaly episodes: one per stretch of anomalous samples of a series, so that a spike makes
// one anomaly (and at most one alert), not one per point. An episode opens on the first
// anomalous sample, keeps its peak, and ends after RESOLVE_AFTER consecutive normal samples.
// Its severity is its peak's, raised one level by a correlated deploy; it becomes alerting
// (latched) once that severity reaches the configured level and, for a metric, once it has
// run `alertAfter` anomalous samples in a row.
import { RESOLVE_AFTER, type AnomalyConfig, type AnomalySeverity } from "@/lib/anomaly/config";
import { raise, severityOf, severityRank, type SeriesKind, type Verdict } from "@/lib/anomaly/score";

export type Peak = { value: number; mean: number; sd: number; z: number; at: string };

/** Stored as JSON in the series' baseline while open; times are ISO strings. */
export type Episode = {
  id: string;
  startedAt: string;
  /** Anomalous samples seen. */
  samples: number;
  /** Consecutive anomalous samples now, and the longest such run. */
  run: number;
  maxRun: number;
  /** Consecutive normal samples now. */
  normalRun: number;
  peak: Peak;
  labels: Record<string, string>;
  /** A correlated deploy; undefined until looked up (once, when the episode opens). */
  changeId?: string | null;
  severity: AnomalySeverity;
  alerting: boolean;
  /** Whether the episode has its Anomaly row (see worthRecording). */
  recorded?: boolean;
  endedAt: string | null;
};

/**
 * Moves a series' episode along by one judged sample. `fed`: the sample joins the window (a
 * log series' still-open minute is judged but not fed, and cannot end an episode).
 * Returns the open episode afterwards, and the episode this sample opened or changed.
 */
export function observe(
  open: Episode | null,
  verdict: Verdict,
  sample: { value: number; at: Date; labels: Record<string, string>; fed: boolean },
  newId: () => string,
): { open: Episode | null; changed: Episode | null } {
  const at = sample.at.toISOString();
  if (verdict.severity) {
    const peak: Peak = { value: sample.value, mean: verdict.mean, sd: verdict.sd, z: verdict.z, at };
    if (!open) {
      const opened: Episode = {
        id: newId(),
        startedAt: at,
        samples: 1,
        run: 1,
        maxRun: 1,
        normalRun: 0,
        peak,
        labels: sample.labels,
        severity: verdict.severity,
        alerting: false,
        endedAt: null,
      };
      return { open: opened, changed: opened };
    }
    open.samples++;
    open.run++;
    open.maxRun = Math.max(open.maxRun, open.run);
    open.normalRun = 0;
    if (Math.abs(verdict.z) > Math.abs(open.peak.z)) open.peak = peak;
    return { open, changed: open };
  }
  if (!open || !sample.fed) return { open, changed: null };
  open.run = 0;
  open.normalRun++;
  if (open.normalRun < RESOLVE_AFTER) return { open, changed: open };
  open.endedAt = at;
  return { open: null, changed: open };
}

/** Sets an episode's severity from its peak and its deploy, and latches `alerting`. */
export function settle(episode: Episode, kind: SeriesKind, config: AnomalyConfig): void {
  const peak = severityOf(Math.abs(episode.peak.z)) ?? episode.severity;
  episode.severity = episode.changeId ? raise(peak) : peak;
  const sustained = kind === "log_errors" || episode.maxRun >= config.alertAfter;
  if (sustained && severityRank[episode.severity] >= severityRank[config.incidentSeverity]) episode.alerting = true;
}

/** Whether an episode deserves an Anomaly row (what the console charts and the evidence cite):
 * sustained, critical, alerting, or a log flood. A lone medium or high sample is noise on any
 * busy series (1.2% of Gaussian samples pass z = 2.5): it moves the episode state in the
 * baseline, and vanishes if the next samples are normal. */
export function worthRecording(episode: Episode, kind: SeriesKind, config: AnomalyConfig): boolean {
  return episode.alerting || kind === "log_errors" || episode.maxRun >= config.alertAfter || episode.severity === "critical";
}
