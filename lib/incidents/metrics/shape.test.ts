import { describe, expect, it } from "vitest";
import type { V1ReplicaSet } from "@kubernetes/client-node";
import { formatSignal } from "@/lib/evidence/sources/metrics";
import { signals } from "@/lib/scenarios/schema";
import {
  anomalyWindow,
  buildMarkers,
  chartWindow,
  parseFormatted,
  parseMetricLine,
  rankSignals,
  readingsFrom,
  signalHints,
  stepFor,
} from "@/lib/incidents/metrics/shape";
import { incidentMetricsQuerySchema } from "@/lib/incidents/metrics/schemas";
import { describeIssues } from "@/lib/validation";

const d = (iso: string) => new Date(iso);
const window = { start: d("2025-04-02T15:00:00Z"), end: d("2025-04-02T16:20:00Z") };

describe("which signal", () => {
  it("reads the alert's name", () => {
    expect(signalHints(["HighErrorRate"])).toEqual(["error_ratio"]);
    expect(signalHints(["CPUThrottlingHigh"])).toEqual(["cpu_throttled_ratio", "cpu_usage_cores"]);
    expect(signalHints(["KubePodCrashLooping"])).toEqual(["restarts"]);
    expect(signalHints(["HighLatencyP99", "ContainerOOMKilled"])).toEqual(["latency_p99_ms", "memory_working_set_bytes", "restarts"]);
    expect(signalHints(["KubeDeploymentReplicasMismatch"])).toEqual([]);
  });

  it("parses back every value formatSignal writes, and the evidence lines made of them", () => {
    for (const signal of signals)
      for (const v of [0, 0.25, 3, 1234.5]) {
        const text = formatSignal(signal, v);
        expect(formatSignal(signal, parseFormatted(text)!)).toBe(text);
      }
    expect(parseFormatted("35.0%")).toBeCloseTo(0.35);
    expect(parseFormatted("512Mi")).toBe(512 * 2 ** 20);
    expect(parseFormatted("lots")).toBeNull();
    expect(parseMetricLine("error_ratio: 0.2% before → 31.0% now (max 35.4%)")).toEqual({
      signal: "error_ratio",
      baseline: 0.002,
      recent: 0.31,
      max: 0.354,
    });
    expect(parseMetricLine("made_up: 1 before → 2 now (max 3)")).toBeNull();
  });

  it("ranks what the alert names and the evidence shows moving first, then what moved, then the rest found", () => {
    const readings = readingsFrom(
      [
        "request_rate: 120.0 before → 118.0 now (max 130.0)",
        "latency_p99_ms: 80ms before → 400ms now (max 900ms)",
        "error_ratio: 0.2% before → 31.0% now (max 35.4%)",
      ].join("\n"),
    );
    expect(readings.map((r) => r.signal)).toEqual(["error_ratio", "latency_p99_ms", "request_rate"]);
    expect(rankSignals({ hints: ["error_ratio"], readings })).toEqual(["error_ratio", "latency_p99_ms", "request_rate"]);
    expect(rankSignals({ hints: ["request_rate"], readings })).toEqual(["request_rate", "error_ratio", "latency_p99_ms"]);
    expect(rankSignals({ requested: "restarts", hints: ["error_ratio"], readings })[0]).toBe("restarts");
    // No evidence yet: the alert's hints, then the catalog is not guessed at.
    expect(rankSignals({ hints: ["restarts"], readings: [] })).toEqual(["restarts"]);
    expect(rankSignals({ hints: [], readings: [] })).toEqual([...signals]);
  });

  it("refuses an unknown signal with the field's name", () => {
    const bad = incidentMetricsQuerySchema.safeParse({ signal: "vibes" });
    expect(describeIssues(bad.error!)).toMatch(/^signal: must be one of request_rate, error_ratio/);
  });
});

describe("the window", () => {
  const start = d("2025-04-02T16:00:00Z");
  it("starts an hour before the alert and ends now, or 15 minutes after it resolved", () => {
    expect(chartWindow(start, null, d("2025-04-02T16:30:00Z"))).toEqual({
      start: d("2025-04-02T15:00:00Z"),
      end: d("2025-04-02T16:30:00Z"),
    });
    expect(chartWindow(start, d("2025-04-02T16:10:00Z"), d("2025-04-03T00:00:00Z")).end).toEqual(d("2025-04-02T16:25:00Z"));
    expect(chartWindow(start, d("2025-04-02T16:10:00Z"), d("2025-04-02T16:12:00Z")).end).toEqual(d("2025-04-02T16:12:00Z"));
  });

  it("picks a round step that keeps a few hundred points", () => {
    expect(stepFor(window)).toBe(60);
    expect(stepFor({ start: d("2025-04-01T00:00:00Z"), end: d("2025-04-03T00:00:00Z") })).toBe(900);
    expect(stepFor({ start: d("2024-01-01T00:00:00Z"), end: d("2025-04-03T00:00:00Z") })).toBe(86_400);
  });

  it("spans the anomaly from the first alert's start to now while any fires, to the last end once all resolved", () => {
    const firing = { startsAt: d("2025-04-02T16:00:41Z"), endsAt: null, resolvedAt: null, status: "firing" as const };
    const resolved = {
      startsAt: d("2025-04-02T15:50:00Z"),
      endsAt: d("2025-04-02T16:05:00Z"),
      resolvedAt: d("2025-04-02T16:06:00Z"),
      status: "resolved" as const,
    };
    expect(anomalyWindow([firing, resolved], window)).toEqual({ start: d("2025-04-02T15:50:00Z"), end: window.end, ongoing: true });
    expect(anomalyWindow([resolved], window)).toEqual({ start: d("2025-04-02T15:50:00Z"), end: d("2025-04-02T16:05:00Z"), ongoing: false });
    expect(anomalyWindow([{ ...firing, startsAt: d("2025-04-01T00:00:00Z") }], window)?.start).toEqual(window.start);
    expect(anomalyWindow([], window)).toBeNull();
  });
});

describe("markers", () => {
  const rs = (name: string, revision: number, created: string, owner = "checkout-api") =>
    ({
      metadata: {
        name,
        creationTimestamp: d(created),
        annotations: { "deployment.kubernetes.io/revision": String(revision) },
        ownerReferences: [{ kind: "Deployment", name: owner, apiVersion: "apps/v1", uid: "u" }],
      },
      spec: { selector: {}, template: { spec: { containers: [{ name: "app", image: `app:${revision}` }] } } },
    }) as V1ReplicaSet;
  const workload = { namespace: "shop", name: "checkout-api" };

  it("marks rollouts by revision, changes not already shown, and Vigil's actions, in time order and inside the window", () => {
    const markers = buildMarkers({
      window,
      workload,
      replicaSets: [
        rs("a", 30, "2025-03-31T09:14:02Z"),
        rs("b", 31, "2025-04-02T15:52:10Z"),
        rs("c", 4, "2025-04-02T15:30:00Z", "payments-api"),
      ],
      changes: [
        { at: "2025-04-02T15:52:10Z", kind: "deploy", namespace: "shop", name: "checkout-api", summary: "2.14.0", version: "2.14.0" },
        { at: "2025-04-02T15:20:00Z", kind: "flag", namespace: "shop", name: "checkout-api", summary: "new-cart on" },
        { at: "2025-04-02T15:40:00Z", kind: "config", namespace: "billing", name: "ledger", summary: "elsewhere" },
      ],
      actions: [
        {
          kind: "rollback",
          executedAt: d("2025-04-02T16:12:00Z"),
          replicas: null,
          rollbackOfId: null,
          namespace: "shop",
          name: "checkout-api",
        },
        {
          kind: "rollback",
          executedAt: d("2025-04-02T16:15:00Z"),
          replicas: null,
          rollbackOfId: "x",
          namespace: "shop",
          name: "checkout-api",
        },
        { kind: "scale", executedAt: d("2025-04-02T16:18:00Z"), replicas: 6, rollbackOfId: null, namespace: "shop", name: "checkout-api" },
        {
          kind: "restart",
          executedAt: d("2025-04-03T00:00:00Z"),
          replicas: null,
          rollbackOfId: null,
          namespace: "shop",
          name: "checkout-api",
        },
      ],
    });
    expect(markers.map((m) => [m.at.toISOString().slice(11, 16), m.kind, m.label])).toEqual([
      ["15:20", "change", "flag change"],
      ["15:52", "rollout", "rev 31 deployed"],
      ["16:12", "action", "Vigil: rollback"],
      ["16:15", "action", "Vigil: undo rollback"],
      ["16:18", "action", "Vigil: scale to 6"],
    ]);
    expect(markers[1]!.detail).toBe("checkout-api revision 31 (app:31)");
  });

  it("keeps a deploy from the feed that the cluster does not show", () => {
    const markers = buildMarkers({
      window,
      workload,
      replicaSets: [],
      changes: [
        { at: "2025-04-02T15:52:10Z", kind: "deploy", namespace: "shop", name: "checkout-api", summary: "2.14.0", version: "2.14.0" },
      ],
      actions: [],
    });
    expect(markers.map((m) => m.label)).toEqual(["deploy checkout-api 2.14.0"]);
  });
});
