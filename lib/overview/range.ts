// The overview's time axis: a range (24 h, 7 d, 30 d) becomes a run of UTC buckets ending
// with the current one, and the database's sparse rows become one point per bucket, so a
// quiet hour draws as zero (counts) or as a gap (percentiles), never as a missing bar.
import type { Severity } from "@/lib/generated/prisma/enums";
import { severities } from "@/lib/incidents/model";

export const overviewRanges = ["24h", "7d", "30d"] as const;
export type OverviewRange = (typeof overviewRanges)[number];
export type BucketUnit = "hour" | "day";

const spec: Record<OverviewRange, { unit: BucketUnit; buckets: number }> = {
  "24h": { unit: "hour", buckets: 24 },
  "7d": { unit: "day", buckets: 7 },
  "30d": { unit: "day", buckets: 30 },
};

const unitMs: Record<BucketUnit, number> = { hour: 3_600_000, day: 86_400_000 };

/** The start of the UTC hour or day holding `t` — what SQL's date_trunc gives for a UTC timestamp. */
export function truncate(t: Date, unit: BucketUnit): Date {
  const d = new Date(t);
  if (unit === "day") d.setUTCHours(0, 0, 0, 0);
  else d.setUTCMinutes(0, 0, 0);
  return d;
}

export type OverviewWindow = { range: OverviewRange; unit: BucketUnit; from: Date; to: Date; buckets: Date[] };

/** The buckets of a range: the last N hours or days, the current (partial) one included. */
export function overviewWindow(range: OverviewRange, now: Date): OverviewWindow {
  const { unit, buckets: n } = spec[range];
  const last = truncate(now, unit).getTime();
  const buckets = Array.from({ length: n }, (_, i) => new Date(last - (n - 1 - i) * unitMs[unit]));
  return { range, unit, from: buckets[0]!, to: new Date(last + unitMs[unit]), buckets };
}

const key = (d: Date) => d.getTime();

export type SeverityRow = { bucket: Date; severity: Severity; count: number };
export type SeverityPoint = { t: string; total: number } & Record<Severity, number>;

/** Incidents per bucket and severity, zero where none opened. */
export function fillSeverities(buckets: Date[], rows: SeverityRow[]): SeverityPoint[] {
  const byBucket = new Map<number, SeverityPoint>();
  const points = buckets.map((b) => {
    const p = { t: b.toISOString(), total: 0, ...(Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>) };
    byBucket.set(key(b), p);
    return p;
  });
  for (const r of rows) {
    const p = byBucket.get(key(r.bucket));
    if (!p) continue;
    p[r.severity] += r.count;
    p.total += r.count;
  }
  return points;
}

export type DurationRow = {
  bucket: Date;
  acknowledged: number;
  resolved: number;
  mttaP50: number | null;
  mttaP90: number | null;
  mttrP50: number | null;
  mttrP90: number | null;
};
export type DurationPoint = Omit<DurationRow, "bucket"> & { t: string };

/** MTTA/MTTR percentiles (seconds) per bucket; null where no incident was acknowledged or
 * resolved, so the line breaks there instead of dropping to zero. */
export function fillDurations(buckets: Date[], rows: DurationRow[]): DurationPoint[] {
  const byBucket = new Map(rows.map((r) => [key(r.bucket), r]));
  return buckets.map((b) => {
    const r = byBucket.get(key(b));
    return {
      t: b.toISOString(),
      acknowledged: r?.acknowledged ?? 0,
      resolved: r?.resolved ?? 0,
      mttaP50: r?.mttaP50 ?? null,
      mttaP90: r?.mttaP90 ?? null,
      mttrP50: r?.mttrP50 ?? null,
      mttrP90: r?.mttrP90 ?? null,
    };
  });
}

export type VolumeRow = { bucket: Date; alerts: number; deliveries: number };
export type VolumePoint = Omit<VolumeRow, "bucket"> & { t: string };

/** New alerts and the deliveries that carried them, per bucket; zero where none. */
export function fillVolume(buckets: Date[], rows: VolumeRow[]): VolumePoint[] {
  const byBucket = new Map(rows.map((r) => [key(r.bucket), r]));
  return buckets.map((b) => ({
    t: b.toISOString(),
    alerts: byBucket.get(key(b))?.alerts ?? 0,
    deliveries: byBucket.get(key(b))?.deliveries ?? 0,
  }));
}
