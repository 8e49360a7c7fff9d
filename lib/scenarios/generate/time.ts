// Time helpers: every timestamp in a scenario is derived from its frozen `now` in milliseconds,
// so pod starts, events, logs, metrics and changes stay consistent with each other.
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

type Day = { y: number; mo: string; mon: string; d: string; date: string };
const days = new Map<number, Day>();

// Date formatting is on the hot path (every log line, event and condition): the calendar day is
// computed once per day and cached, the time of day by arithmetic.
function day(ms: number): Day {
  const n = Math.floor(ms / DAY);
  let v = days.get(n);
  if (!v) {
    const dt = new Date(n * DAY);
    const y = dt.getUTCFullYear();
    const mo = P2[dt.getUTCMonth() + 1] as string;
    const d = P2[dt.getUTCDate()] as string;
    v = { y, mo, mon: MONTHS[dt.getUTCMonth()] as string, d, date: `${y}-${mo}-${d}` };
    days.set(n, v);
  }
  return v;
}

/** The parts loggers assemble their own formats from (always UTC: containers run in UTC). */
export function parts(ms: number) {
  const v = day(ms);
  const r = ms - Math.floor(ms / DAY) * DAY;
  return {
    y: v.y,
    mo: v.mo,
    mon: v.mon,
    d: v.d,
    h: P2[Math.floor(r / HOUR)] as string,
    mi: P2[Math.floor(r / MIN) % 60] as string,
    s: P2[Math.floor(r / SEC) % 60] as string,
    ms: P3[Math.floor(r) % 1000] as string,
  };
}

function clock(ms: number): string {
  const r = ms - Math.floor(ms / DAY) * DAY;
  return `${P2[Math.floor(r / HOUR)]}:${P2[Math.floor(r / MIN) % 60]}:${P2[Math.floor(r / SEC) % 60]}`;
}

/** RFC 3339 at second precision, as the API server writes metadata times. */
export function iso(ms: number): string {
  return `${day(ms).date}T${clock(ms)}Z`;
}

/** RFC 3339 with milliseconds, as Alertmanager and most loggers write. */
export function isoMs(ms: number): string {
  return `${day(ms).date}T${clock(ms)}.${P3[Math.floor(ms - Math.floor(ms / SEC) * SEC)]}Z`;
}

/** "2m40s"-style durations, as kubelet's back-off and Go's time.Duration print them. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / SEC);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
