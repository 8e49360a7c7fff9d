// Replays every public scenario's metrics through the real reader and the default catalog:
// what the pipeline reads must be exactly what the scenario recorded.
import { afterEach, describe, expect, it } from "vitest";
import { defaultCatalog, renderSignal, templateParts } from "@/lib/metrics/catalog";
import { formatSample, startFakePrometheus, type FakePrometheus } from "@/lib/metrics/fake-prometheus";
import type { SignalTarget } from "@/lib/metrics/port";
import { createPrometheusReader, MetricsError } from "@/lib/metrics/prometheus";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import type { ScenarioSeries } from "@/lib/scenarios/schema";

const scenarios = loadScenarios(publicScenariosDir);
let fake: FakePrometheus | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** The labels the signal's template selects on, taken from the series itself. */
function selected(series: ScenarioSeries): Record<string, string> {
  const names = templateParts(defaultCatalog[series.signal]).flatMap((p) => ("slot" in p ? [p.slot] : []));
  return Object.fromEntries(names.map((n) => [n, series.labels[n]!]));
}

describe("fake Prometheus replaying public scenarios", () => {
  it.each(scenarios.map((s) => [s.id, s] as const))("%s: every series reads back as recorded", async (_id, scenario) => {
    const now = new Date(scenario.now);
    fake = await startFakePrometheus({ series: scenario.metrics, catalog: defaultCatalog, now });
    const reader = createPrometheusReader({ url: fake.url });
    // The last 30 minutes: the window trims the recorded hour on the left.
    const start = new Date(now.getTime() - 30 * 60_000);
    expect(scenario.metrics.length).toBeGreaterThan(0);

    for (const series of scenario.metrics) {
      const query = renderSignal(defaultCatalog, series.signal, series.labels as SignalTarget);
      expect(query, `${series.signal} ${JSON.stringify(series.labels)}`).not.toBeNull();
      const result = await reader.queryRange(query!, start, now, 60);

      const inWindow = (s: ScenarioSeries) => s.values.filter(([t]) => t >= start.getTime() / 1000 && t <= now.getTime() / 1000);
      const mine = result.find((r) => JSON.stringify(r.labels) === JSON.stringify(series.labels));
      expect(mine?.values).toEqual(inWindow(series));
      expect(mine!.values.length).toBeGreaterThan(0);
      // Exactly the series of this signal that agree on the selected labels, nothing else.
      const sel = selected(series);
      const expected = scenario.metrics.filter(
        (s) => s.signal === series.signal && Object.entries(sel).every(([k, v]) => s.labels[k] === v) && inWindow(s).length > 0,
      );
      expect(result).toHaveLength(expected.length);
    }
    expect(fake.queries.length).toBe(scenario.metrics.length);
  });

  it("answers the alert's own workload for the RED signals", async () => {
    for (const scenario of scenarios) {
      const alert = scenario.alertmanager.alerts[0]!.labels;
      if (!alert.deployment) continue;
      fake = await startFakePrometheus({ series: scenario.metrics, catalog: defaultCatalog });
      const reader = createPrometheusReader({ url: fake.url });
      const target = { namespace: alert.namespace!, deployment: alert.deployment };
      for (const signal of ["request_rate", "error_ratio", "latency_p99_ms"] as const) {
        const recorded = scenario.metrics.find((s) => s.signal === signal && s.labels.deployment === alert.deployment);
        if (!recorded) continue;
        const now = new Date(scenario.now);
        const result = await reader.queryRange(
          renderSignal(defaultCatalog, signal, target)!,
          new Date(now.getTime() - 2 * 3600_000),
          now,
          60,
        );
        expect(result).toEqual([{ labels: recorded.labels, values: recorded.values }]);
      }
      await fake.stop();
      fake = undefined;
    }
  });
});

describe("fake Prometheus protocol", () => {
  const series: ScenarioSeries[] = [
    {
      signal: "restarts",
      labels: { namespace: "ns", pod: "p", container: "c" },
      values: [
        [100, 1],
        [160, 2],
        [220, 3],
      ],
    },
  ];

  it("answers GET like POST, values as strings, and an empty matrix for queries it does not know", async () => {
    fake = await startFakePrometheus({ series, catalog: defaultCatalog });
    const query = renderSignal(defaultCatalog, "restarts", { namespace: "ns", pod: "p" })!;
    const get = async (q: string) =>
      (await fetch(`${fake!.url}/api/v1/query_range?${new URLSearchParams({ query: q, start: "100", end: "200", step: "1m" })}`)).json();
    expect(await get(query)).toEqual({
      status: "success",
      data: {
        resultType: "matrix",
        result: [
          {
            metric: series[0]!.labels,
            values: [
              [100, "1"],
              [160, "2"],
            ],
          },
        ],
      },
    });
    expect(await get("up")).toEqual({ status: "success", data: { resultType: "matrix", result: [] } });
    expect(fake.queries).toEqual([query, "up"]);
  });

  it("hides samples after its frozen clock", async () => {
    fake = await startFakePrometheus({ series, catalog: defaultCatalog, now: new Date(170_000) });
    const query = renderSignal(defaultCatalog, "restarts", { namespace: "ns", pod: "p" })!;
    const result = await createPrometheusReader({ url: fake.url }).queryRange(query, new Date(0), new Date(1_000_000), 60);
    expect(result[0]?.values).toEqual([
      [100, 1],
      [160, 2],
    ]);
  });

  it("rejects bad ranges with Prometheus' own errors, which the reader keeps", async () => {
    fake = await startFakePrometheus({ series, catalog: defaultCatalog });
    const reader = createPrometheusReader({ url: fake.url });
    const failure = await reader.queryRange("up", new Date(200_000), new Date(100_000), 60).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MetricsError);
    expect(failure).toMatchObject({ status: 400, errorType: "bad_data" });
    expect((failure as Error).message).toContain("end timestamp must not be before start time");
    await expect(reader.queryRange("up", new Date(0), new Date(100_000_000), 1)).rejects.toThrow(
      /exceeded maximum resolution of 11,000 points/,
    );
    await expect(reader.queryRange("", new Date(0), new Date(60_000), 60)).rejects.toThrow(/no expression found in input/);
  });

  it("writes sample values as Prometheus does", () => {
    expect([0.0007, 2807396728, 1e-7, 1e21, NaN, Infinity, -Infinity].map(formatSample)).toEqual([
      "0.0007",
      "2807396728",
      "1e-07",
      "1e+21",
      "NaN",
      "+Inf",
      "-Inf",
    ]);
  });
});
