import { describe, expect, it } from "vitest";
import { anomalyMeasure, correlatedChange, episodeSpan, formatMeasure, metricName, seriesSummary } from "@/lib/client/anomaly-format";
import type { IncidentAnomaliesJson } from "@/lib/client/api";

const anomaly: IncidentAnomaliesJson["anomalies"][number] = {
  id: "a1",
  service: "shop/checkout",
  metric: "latency_ms",
  kind: "metric",
  severity: "critical",
  z: 27.66,
  value: 950,
  mean: 120,
  stddev: 30,
  at: "2026-11-22T12:03:00.000Z",
  peakAt: "2026-11-22T12:04:00.000Z",
  endedAt: null,
  samples: 4,
  change: {
    id: "c1",
    kind: "deploy",
    version: "2.3.1",
    commit: null,
    actor: "alice",
    summary: "checkout 2.3.1",
    at: "2026-11-22T11:51:00.000Z",
  },
};

describe("anomaly wording", () => {
  it("says how far from the baseline, since when, and which deploy came before", () => {
    expect(anomalyMeasure(anomaly)).toBe("950 against a baseline of 120 ± 30 (z = 27.7)");
    expect(episodeSpan(anomaly)).toBe("since 12:03");
    expect(episodeSpan({ ...anomaly, endedAt: "2026-11-22T12:09:00.000Z" })).toBe("12:03–12:09");
    expect(correlatedChange(anomaly)).toBe("deploy 2.3.1 by alice, 12 min before: checkout 2.3.1");
    expect(correlatedChange({ ...anomaly, change: null })).toBeNull();
  });

  it("names the reserved log series for people and prints unknown units compactly", () => {
    expect(metricName("$log_errors_per_min")).toBe("error log entries per minute");
    expect(metricName("latency_ms")).toBe("latency_ms");
    expect([formatMeasure(1234567), formatMeasure(0.01234), formatMeasure(Number.NaN)]).toEqual(["1.23M", "0.0123", "—"]);
  });

  it("summarises a series for screen readers", () => {
    const series: IncidentAnomaliesJson["series"][number] = {
      service: "shop/checkout",
      metric: "latency_ms",
      kind: "metric",
      unit: "value",
      window: { start: "2026-11-22T11:33:00.000Z", end: "2026-11-22T12:10:00.000Z" },
      points: [
        { t: 1, v: 120 },
        { t: 2, v: 950 },
      ],
      baseline: { mean: 120, low: 45, high: 195 },
      episodes: [{ start: "2026-11-22T12:03:00.000Z", end: null }],
      deploys: [{ at: "2026-11-22T11:51:00.000Z", label: "deploy 2.3.1" }],
    };
    expect(seriesSummary(series)).toBe(
      "latency_ms of shop/checkout: baseline 120, normal between 45 and 195, peak 950; 1 anomalous episode; 1 correlated deploy.",
    );
  });
});
