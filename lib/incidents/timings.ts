// An incident's clock: how long it took a person to acknowledge it (MTTA), to mitigate and
// resolve it (MTTR), and Vigil's own time to its first RCA, each running "so far" while it
// has not happened. Pure: the console passes the shared clock's `now` (null while rendering
// on the server, which cannot know it).

type When = string | Date;
export type IncidentTimes = {
  openedAt: When;
  /** When a person first acknowledged it: the agent starting an investigation does not count. */
  acknowledgedAt: When | null;
  /** When Vigil's first investigation concluded. */
  firstRcaAt: When | null;
  mitigatedAt: When | null;
  resolvedAt: When | null;
  closedAt: When | null;
};

/** done: it happened, this long after opening. running: not yet, open this long so far (null
 * until the clock is known). none: it never will — the incident ended without it. */
export type Span = { kind: "done"; ms: number } | { kind: "running"; ms: number | null } | { kind: "none" };

export type IncidentTimings = { age: Span; acknowledge: Span; firstRca: Span; mitigate: Span; resolve: Span };

const ms = (w: When) => new Date(w).getTime();

export function incidentTimings(i: IncidentTimes, now: number | null): IncidentTimings {
  const opened = ms(i.openedAt);
  const running: Span = { kind: "running", ms: now === null ? null : Math.max(0, now - opened) };
  const ended = i.resolvedAt !== null || i.closedAt !== null;
  const span = (at: When | null): Span =>
    at !== null ? { kind: "done", ms: Math.max(0, ms(at) - opened) } : ended ? { kind: "none" } : running;
  return {
    age: running,
    acknowledge: span(i.acknowledgedAt),
    firstRca: span(i.firstRcaAt),
    mitigate: span(i.mitigatedAt),
    resolve: span(i.resolvedAt),
  };
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": whole units, rounded down as a stopwatch is. */
export function formatElapsed(milliseconds: number): string {
  const s = Math.floor(Math.max(0, milliseconds) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
