// Episodes: one per stretch of anomalous samples, with its peak; ended by RESOLVE_AFTER
// normal samples in a row; raised by a deploy; alerting only when severe and sustained.
import { describe, expect, it } from "vitest";
import { RESOLVE_AFTER, defaultAnomalyConfig } from "@/lib/anomaly/config";
import { settle, worthRecording, type Episode } from "@/lib/anomaly/episode";
import { feed, judgeOnly, type SeriesState, type Touched } from "@/lib/anomaly/evaluate";
import { emptyWindow } from "@/lib/anomaly/window";

let ids = 0;
const newId = () => `ep${++ids}`;
const t0 = Date.parse("2026-11-22T10:00:00Z");

function series(kind: SeriesState["kind"] = "metric"): SeriesState {
  return { service: "shop/checkout", name: "latency_ms", kind, window: emptyWindow(), lastAt: null, episode: null };
}

/** Feeds values one per 10 s after `offset` samples; returns what the batch touched. */
function run(state: SeriesState, values: number[], offset = 0): Touched {
  const touched: Touched = new Map();
  feed(
    state,
    values.map((value, i) => ({ value, at: new Date(t0 + (offset + i) * 10_000), labels: { namespace: "shop" } })),
    touched,
    newId,
  );
  return touched;
}

// Mean 100, σ ≈ 10.
const normal = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 110 : 90));

describe("episodes", () => {
  it("makes one episode of a spike, keeps its peak, and ends it after RESOLVE_AFTER normal samples", () => {
    const s = series();
    // A long history, so that the spike itself barely moves the baseline.
    expect(run(s, normal(100)).size).toBe(0);
    run(s, normal(400), 0);
    const touched = run(s, [140, 160, 140, ...normal(RESOLVE_AFTER - 1)], 100);
    expect(touched.size).toBe(1);
    const [episode] = [...touched.keys()] as [Episode];
    expect(episode).toMatchObject({
      startedAt: new Date(t0 + 100 * 10_000).toISOString(),
      samples: 3,
      maxRun: 3,
      run: 0,
      normalRun: RESOLVE_AFTER - 1,
      endedAt: null,
      labels: { namespace: "shop" },
    });
    expect(episode.peak.value).toBe(160);
    expect(episode.peak.z).toBeGreaterThan(5);
    expect(s.episode).toBe(episode);
    // One more normal sample ends it; the series has no open episode left.
    run(s, normal(1), 107);
    expect(episode.endedAt).toBe(new Date(t0 + 107 * 10_000).toISOString());
    expect(s.episode).toBeNull();
    // The next spike is a new episode.
    const next = run(s, [170], 108);
    expect([...next.keys()][0]!.id).not.toBe(episode.id);
  });

  it("does not end an episode on fewer normal samples than RESOLVE_AFTER, even interrupted", () => {
    const s = series();
    run(s, normal(100));
    run(s, [170, ...normal(RESOLVE_AFTER - 1), 170, ...normal(RESOLVE_AFTER - 1)], 100);
    expect(s.episode).toMatchObject({ samples: 2, maxRun: 1, normalRun: RESOLVE_AFTER - 1, endedAt: null });
  });

  it("gives no verdict, and so no episode, during the cold start", () => {
    const s = series();
    expect(run(s, [100, 100, 100, 5000, 100]).size).toBe(0);
  });

  it("settles severity from the peak, one level up with a deploy, and alerts only when sustained", () => {
    const config = { ...defaultAnomalyConfig, incidentSeverity: "high" as const, alertAfter: 3 };
    const s = series();
    run(s, normal(500));
    // Two samples at z ≈ 2.7 (medium): not alerting, with or without a deploy (not sustained).
    const short = [...run(s, [127, 127], 100).keys()][0]!;
    expect(short.samples).toBe(2);
    short.changeId = "deploy-1";
    settle(short, "metric", config);
    expect(short).toMatchObject({ severity: "high", alerting: false });
    // A third consecutive one: sustained, and high thanks to the deploy.
    run(s, [127], 102);
    settle(short, "metric", config);
    expect(short).toMatchObject({ severity: "high", maxRun: 3, alerting: true });
    // Without the deploy the same episode would stay medium and below the threshold.
    const plain: Episode = { ...short, changeId: null, alerting: false };
    settle(plain, "metric", config);
    expect(plain).toMatchObject({ severity: "medium", alerting: false });
    // An error flood alerts at once: a minute of it is sustained already.
    const flood: Episode = { ...short, maxRun: 1, changeId: null, alerting: false, peak: { ...short.peak, z: 9 } };
    settle(flood, "log_errors", config);
    expect(flood).toMatchObject({ severity: "critical", alerting: true });
  });

  it("lets a judged-only sample open an episode but never end one", () => {
    const s = series("log_errors");
    run(
      s,
      Array.from({ length: 30 }, () => 0),
    );
    const touched: Touched = new Map();
    judgeOnly(s, { value: 50, at: new Date(t0), labels: {} }, touched, newId);
    expect(s.episode).toMatchObject({ samples: 1 });
    for (let i = 0; i < RESOLVE_AFTER + 2; i++) judgeOnly(s, { value: 0, at: new Date(t0), labels: {} }, touched, newId);
    expect(s.episode).not.toBeNull();
    expect(s.window.count).toBe(30);
  });
  it("records an episode only when it is sustained, critical, alerting or a log flood", () => {
    const episode = (over: Partial<Episode>): Episode => ({
      id: "e",
      startedAt: new Date(t0).toISOString(),
      samples: 1,
      run: 1,
      maxRun: 1,
      normalRun: 0,
      peak: { value: 130, mean: 100, sd: 10, z: 3, at: new Date(t0).toISOString() },
      labels: {},
      severity: "high",
      alerting: false,
      endedAt: null,
      ...over,
    });
    const config = { ...defaultAnomalyConfig, alertAfter: 3 };
    expect(worthRecording(episode({}), "metric", config)).toBe(false);
    expect(worthRecording(episode({ severity: "medium", maxRun: 2 }), "metric", config)).toBe(false);
    expect(worthRecording(episode({ severity: "medium", maxRun: 3 }), "metric", config)).toBe(true);
    expect(worthRecording(episode({ severity: "critical" }), "metric", config)).toBe(true);
    expect(worthRecording(episode({ alerting: true }), "metric", config)).toBe(true);
    expect(worthRecording(episode({}), "log_errors", config)).toBe(true);
  });
});
