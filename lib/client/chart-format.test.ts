import { describe, expect, it } from "vitest";
import type { IncidentMetricsJson, OverviewJson } from "@/lib/client/api";
import {
  bucketLabel,
  bucketTitle,
  durationTicks,
  durationsSummary,
  formatDuration,
  formatDurationTick,
  severitySummary,
  metricSummary,
  noisySummary,
  volumeSummary,
} from "@/lib/client/chart-format";

const point = (t: string, counts: Partial<Record<"critical" | "high" | "medium" | "low" | "info", number>> = {}) => {
  const c = { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...counts };
  return { t, ...c, total: Object.values(c).reduce((a, b) => a + b, 0) };
};
const none = { acknowledged: 0, resolved: 0, mttaP50: null, mttaP90: null, mttrP50: null, mttrP90: null };

function overview(partial: Partial<OverviewJson> = {}): OverviewJson {
  return {
    range: "7d",
    unit: "day",
    from: "2026-11-14T00:00:00.000Z",
    to: "2026-11-21T00:00:00.000Z",
    namespace: null,
    headline: {
      open: 0,
      openEscalated: 0,
      opened: 0,
      escalated: 0,
      mttaP50: null,
      firstRcaP50: null,
      mttrP50: null,
      actions: { executed: 0, verified: 0, ineffective: 0, unverified: 0 },
    },
    incidents: [point("2026-11-19T00:00:00.000Z"), point("2026-11-20T00:00:00.000Z")],
    durations: [
      { t: "2026-11-19T00:00:00.000Z", ...none },
      { t: "2026-11-20T00:00:00.000Z", ...none },
    ],
    alerts: [{ t: "2026-11-19T00:00:00.000Z", alerts: 0, deliveries: 0 }],
    noisy: [],
    anomalies: [point("2026-11-19T00:00:00.000Z"), point("2026-11-20T00:00:00.000Z")],
    anomalousServices: [],
    ...partial,
  };
}

describe("chart text", () => {
  it("labels buckets and instants in UTC", () => {
    expect(bucketLabel("2026-11-20T14:00:00.000Z", "hour")).toBe("14:00");
    expect(bucketLabel("2026-11-20T00:00:00.000Z", "day")).toBe("Nov 20");
    expect(bucketTitle("2026-11-20T09:00:00.000Z", "hour")).toBe("Nov 20 09:00");
  });

  it("writes durations for people and for axis ticks at round steps", () => {
    expect([formatDuration(null), formatDuration(42), formatDuration(330), formatDuration(3900), formatDuration(200_000)]).toEqual([
      "—",
      "42s",
      "6m",
      "1h 05m",
      "2d 7h",
    ]);
    expect([0, 45, 300, 5400, 259_200].map(formatDurationTick)).toEqual(["0s", "45s", "5m", "1.5h", "3d"]);
    expect(durationTicks(800)).toEqual([0, 300, 600, 900]);
    expect(durationTicks(7920)).toEqual([0, 3600, 7200, 10_800]);
    expect(durationTicks(0)).toEqual([0, 1]);
  });

  it("summarises each overview chart in a sentence, and says when there is nothing", () => {
    expect(severitySummary(overview(), "incidents")).toBe("No incidents opened in the last 7 days.");
    expect(durationsSummary(overview(), "mtta")).toBe("No incident opened in the last 7 days has been acknowledged yet.");
    expect(volumeSummary(overview())).toBe("No alerts started firing in the last 7 days.");
    expect(noisySummary(overview())).toBe("No alerts in the last 7 days.");

    const busy = overview({
      incidents: [point("2026-11-19T00:00:00.000Z", { critical: 1 }), point("2026-11-20T00:00:00.000Z", { critical: 1, low: 2 })],
      headline: { ...overview().headline, mttaP50: 90, mttrP50: 600 },
      durations: [
        { t: "2026-11-19T00:00:00.000Z", ...none, resolved: 1, mttrP50: 300, mttrP90: 300 },
        { t: "2026-11-20T00:00:00.000Z", ...none, resolved: 2, mttrP50: 900, mttrP90: 1140 },
      ],
      alerts: [{ t: "2026-11-20T00:00:00.000Z", alerts: 4, deliveries: 10 }],
      noisy: [
        {
          alertname: "HighErrorRate",
          namespace: "shop",
          alerts: 3,
          deliveries: 9,
          incidents: 2,
          lastReceivedAt: "2026-11-20T10:00:00.000Z",
        },
      ],
    });
    expect(severitySummary(busy, "incidents")).toBe("4 incidents opened in the last 7 days (2 critical, 2 low); most at Nov 20 with 3.");
    expect(severitySummary(overview(), "anomalies")).toBe("No anomalies detected in the last 7 days.");
    expect(severitySummary(overview({ anomalies: [point("2026-11-20T00:00:00.000Z", { high: 1 })] }), "anomalies")).toBe(
      "1 anomaly detected in the last 7 days (1 high); most at Nov 20 with 1.",
    );
    expect(durationsSummary(busy, "mttr")).toBe(
      "Median time to resolve over the last 7 days: 10m; slowest day Nov 20 with a median of 15m. Per day medians and p90 are in the table.",
    );
    expect(volumeSummary(busy)).toBe("4 alerts started firing in the last 7 days, delivered 10 times; most at Nov 20 with 4.");
    expect(noisySummary(busy)).toBe("Noisiest alert: HighErrorRate in shop, 3 firings and 9 deliveries.");
  });

  it("summarises the incident's metric: start, end, peak, the anomaly and the markers", () => {
    const m: IncidentMetricsJson = {
      status: "ok",
      workload: { namespace: "shop", name: "checkout-api" },
      signal: "error_ratio",
      candidates: ["error_ratio"],
      window: { start: "2025-04-02T15:00:00.000Z", end: "2025-04-02T16:20:00.000Z" },
      stepSeconds: 60,
      anomaly: { start: "2025-04-02T16:00:41.000Z", end: "2025-04-02T16:20:00.000Z", ongoing: true },
      points: [
        { t: Date.parse("2025-04-02T15:01:00Z"), v: 0.002 },
        { t: Date.parse("2025-04-02T16:10:00Z"), v: 0.354 },
        { t: Date.parse("2025-04-02T16:19:00Z"), v: 0.31 },
      ],
      markers: [{ at: "2025-04-02T15:52:10.000Z", kind: "rollout", label: "rev 31 deployed", detail: "" }],
      notes: [],
    };
    expect(metricSummary(m)).toBe(
      "Error ratio (5xx) of shop/checkout-api from 15:01 to 16:19 UTC: 0.2% at the start, 31.0% at the end, highest 35.4% at 16:10. The alert fired from 16:00 and still fires. Marked: rev 31 deployed at 15:52.",
    );
    expect(metricSummary({ ...m, points: [] })).toBe("No samples to draw.");
  });
});
