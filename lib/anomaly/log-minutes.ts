// Error-rate series of ingested logs: error and fatal entries counted per service and
// minute. A minute is fed to the service's baseline once a later minute has been seen (it is
// closed); the latest minute is judged as it fills up, so a flood is caught within it.
// Missing minutes count as zero, for at most LOG_MAX_GAP_MINUTES after a silence.
export const MINUTE_MS = 60_000;

const ERROR_LEVELS = new Set(["error", "fatal"]);

export type MinuteCount = { service: string; minute: number; errors: number };
export type Span = { first: number; last: number };

export function minuteOf(at: Date): number {
  return Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
}

/** Errors per (service, minute), sorted by service then minute; and each service's span of minutes. */
export function bucketErrors(entries: { service: string; level: string; timestamp: Date }[]): {
  counts: MinuteCount[];
  spans: Map<string, Span>;
} {
  const counts = new Map<string, MinuteCount>();
  const spans = new Map<string, Span>();
  for (const e of entries) {
    const minute = minuteOf(e.timestamp);
    const span = spans.get(e.service);
    if (!span) spans.set(e.service, { first: minute, last: minute });
    else {
      span.first = Math.min(span.first, minute);
      span.last = Math.max(span.last, minute);
    }
    if (!ERROR_LEVELS.has(e.level)) continue;
    const key = `${e.service}\u0000${minute}`;
    const count = counts.get(key);
    if (count) count.errors++;
    else counts.set(key, { service: e.service, minute, errors: 1 });
  }
  const sorted = [...counts.values()].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.minute - b.minute));
  return { counts: sorted, spans };
}

export type MinutePlan = {
  /** Closed minutes to feed, [from, to) in steps of a minute. */
  from: number;
  to: number;
  /** The minute still filling up: judged, not fed. */
  open: number;
  /** The series' new "last minute fed". */
  fedThrough: number;
};

/**
 * What a batch feeds to a service's error series, given the last minute already fed (null:
 * none yet) and the batch's span. Nothing when the batch brings no minute after the last fed
 * (late entries are counted but the baseline has moved on).
 */
export function minutePlan(lastFed: number | null, span: Span, maxGapMinutes: number): MinutePlan | null {
  if (lastFed !== null && span.last <= lastFed) return null;
  const start = lastFed === null ? span.first : lastFed + MINUTE_MS;
  const from = Math.max(start, span.last - maxGapMinutes * MINUTE_MS);
  return { from, to: span.last, open: span.last, fedThrough: span.last - MINUTE_MS };
}
