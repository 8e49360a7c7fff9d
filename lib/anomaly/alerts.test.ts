// Anomaly alerts as Alertmanager would send them: one group per service, an identity per
// series (stable whatever the severity) and episode (startsAt), and the workload labels.
import { describe, expect, it } from "vitest";
import { anomalyPayload, type OwedAlert } from "@/lib/anomaly/alerts";
import { LOG_ERRORS_SERIES } from "@/lib/anomaly/config";
import { normalizeAlerts } from "@/lib/alerts/normalize";
import { groupWorkload } from "@/lib/alerts/workload";

const at = new Date("2026-11-22T10:12:00Z");
function owed(over: Partial<OwedAlert> = {}): OwedAlert {
  return {
    id: "a1",
    service: "shop/checkout",
    metric: "http_latency_ms",
    value: 950,
    mean: 120,
    stddev: 30,
    z: 27.67,
    severity: "critical",
    at,
    endedAt: null,
    labels: {},
    change: null,
    ...over,
  };
}

describe("anomalyPayload", () => {
  it("builds a v4 notification for the service's group, with the value, baseline, z and deploy", () => {
    const change = {
      service: "shop/checkout",
      version: "2.3.1",
      actor: "alice",
      summary: "new payment client",
      at: new Date("2026-11-22T10:00:00Z"),
    };
    const p = anomalyPayload("shop/checkout", [
      owed({ change }),
      owed({ id: "a2", metric: LOG_ERRORS_SERIES, value: 50, mean: 0.5, stddev: 1, z: 49.5 }),
    ]);
    expect(p).toMatchObject({
      version: "4",
      receiver: "vigil-anomaly",
      groupKey: "anomaly:shop/checkout",
      status: "firing",
      groupLabels: { service: "shop/checkout" },
    });
    expect(p.alerts.map((a) => a.labels.alertname)).toEqual(["VigilAnomaly", "VigilErrorSpike"]);
    expect(p.alerts[0]!.labels).toEqual({
      alertname: "VigilAnomaly",
      service: "shop/checkout",
      metric: "http_latency_ms",
      severity: "critical",
      namespace: "shop",
      deployment: "checkout",
    });
    expect(p.alerts[0]!.annotations.summary).toBe(
      "shop/checkout: http_latency_ms = 950 (baseline 120 ± 30, z = 27.7, critical; deploy of shop/checkout 2.3.1 by alice 12 min before)",
    );
    expect(p.alerts[0]!.annotations.description).toContain("new payment client");
    expect(p.alerts[0]!.startsAt).toBe(at.toISOString());
    expect(p.commonLabels).toEqual({ service: "shop/checkout", severity: "critical", namespace: "shop", deployment: "checkout" });
    expect(
      groupWorkload(
        p.commonLabels,
        p.alerts.map((a) => a.labels),
      ),
    ).toEqual({ namespace: "shop", name: "checkout", kind: "Deployment" });
  });

  it("keeps an alert's identity across severities and sends the end of its episode as resolved", () => {
    const firing = anomalyPayload("checkout", [owed({ service: "checkout", severity: "high" })]);
    const resolved = anomalyPayload("checkout", [
      owed({ service: "checkout", severity: "critical", endedAt: new Date("2026-11-22T10:20:00Z") }),
    ]);
    const [a] = normalizeAlerts(firing.alerts, at);
    const [b] = normalizeAlerts(resolved.alerts, at);
    expect(a!.key).toBe(b!.key);
    expect(resolved).toMatchObject({ status: "resolved", alerts: [{ status: "resolved", endsAt: "2026-11-22T10:20:00.000Z" }] });
    // A bare service outside Kubernetes is the workload itself; labels from the points win.
    expect(firing.alerts[0]!.labels).toMatchObject({ workload: "checkout" });
    expect(
      anomalyPayload("checkout", [owed({ service: "checkout", labels: { namespace: "prod", deployment: "checkout-v2" } })]).alerts[0]!
        .labels,
    ).toMatchObject({ namespace: "prod", deployment: "checkout-v2" });
    // Another episode of the same series is another alert.
    const [c] = normalizeAlerts(
      anomalyPayload("checkout", [owed({ service: "checkout", at: new Date("2026-11-22T11:00:00Z") })]).alerts,
      at,
    );
    expect(c!.fingerprint).toBe(a!.fingerprint);
    expect(c!.key).not.toBe(a!.key);
  });
});
