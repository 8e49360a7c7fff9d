import { describe, expect, it } from "vitest";
import { fillDurations, fillSeverities, fillVolume, overviewWindow, truncate } from "@/lib/overview/range";
import { overviewQuerySchema } from "@/lib/overview/schemas";
import { describeIssues } from "@/lib/validation";

const now = new Date("2026-11-20T12:34:56.789Z");
const d = (iso: string) => new Date(iso);

describe("overview window", () => {
  it("truncates to the UTC hour or day, as date_trunc does", () => {
    expect(truncate(now, "hour")).toEqual(d("2026-11-20T12:00:00Z"));
    expect(truncate(now, "day")).toEqual(d("2026-11-20T00:00:00Z"));
  });

  it("ends each range with the current bucket: 24 hours, 7 days, 30 days", () => {
    const day = overviewWindow("24h", now);
    expect(day).toMatchObject({ unit: "hour", from: d("2026-11-19T13:00:00Z"), to: d("2026-11-20T13:00:00Z") });
    expect(day.buckets).toHaveLength(24);
    expect(day.buckets.at(-1)).toEqual(d("2026-11-20T12:00:00Z"));
    const week = overviewWindow("7d", now);
    expect(week).toMatchObject({ unit: "day", from: d("2026-11-14T00:00:00Z"), to: d("2026-11-21T00:00:00Z") });
    expect(week.buckets.map((b) => b.getUTCDate())).toEqual([14, 15, 16, 17, 18, 19, 20]);
    const month = overviewWindow("30d", now);
    expect(month.buckets).toHaveLength(30);
    expect(month.from).toEqual(d("2026-10-22T00:00:00Z"));
  });

  it("rejects an unknown range with the field's name, and defaults to 7 days", () => {
    expect(overviewQuerySchema.parse({})).toEqual({ range: "7d", namespace: undefined });
    const bad = overviewQuerySchema.safeParse({ range: "1y" });
    expect(bad.success).toBe(false);
    expect(describeIssues(bad.error!)).toBe("range: must be one of 24h, 7d, 30d");
  });
});

describe("filling buckets", () => {
  const buckets = overviewWindow("7d", now).buckets;

  it("counts per severity with zeros on quiet days, ignoring rows outside the range", () => {
    const points = fillSeverities(buckets, [
      { bucket: d("2026-11-20T00:00:00Z"), severity: "critical", count: 2 },
      { bucket: d("2026-11-20T00:00:00Z"), severity: "low", count: 1 },
      { bucket: d("2026-11-16T00:00:00Z"), severity: "high", count: 4 },
      { bucket: d("2026-11-01T00:00:00Z"), severity: "high", count: 9 },
    ]);
    expect(points).toHaveLength(7);
    expect(points.map((p) => p.total)).toEqual([0, 0, 4, 0, 0, 0, 3]);
    expect(points[6]).toEqual({ t: "2026-11-20T00:00:00.000Z", total: 3, critical: 2, high: 0, medium: 0, low: 1, info: 0 });
  });

  it("leaves percentiles null where nothing was acknowledged or resolved, so the line breaks", () => {
    const points = fillDurations(buckets, [
      { bucket: d("2026-11-18T00:00:00Z"), acknowledged: 2, resolved: 1, mttaP50: 30, mttaP90: 54, mttrP50: 600, mttrP90: 600 },
    ]);
    expect(points[4]).toEqual({
      t: "2026-11-18T00:00:00.000Z",
      acknowledged: 2,
      resolved: 1,
      mttaP50: 30,
      mttaP90: 54,
      mttrP50: 600,
      mttrP90: 600,
    });
    expect(points[5]).toEqual({
      t: "2026-11-19T00:00:00.000Z",
      acknowledged: 0,
      resolved: 0,
      mttaP50: null,
      mttaP90: null,
      mttrP50: null,
      mttrP90: null,
    });
  });

  it("fills alert volume with zeros", () => {
    const points = fillVolume(buckets, [{ bucket: d("2026-11-19T00:00:00Z"), alerts: 3, deliveries: 7 }]);
    expect(points.map((p) => [p.alerts, p.deliveries])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [3, 7],
      [0, 0],
    ]);
  });
});
