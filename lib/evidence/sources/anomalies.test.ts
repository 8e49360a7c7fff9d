// Telemetry evidence through collectEvidence with an in-memory reader: anomalies with their
// deploy, pushed error logs as the service's own logs, nothing at all for an incident whose
// services pushed nothing; and the rule engine's reading of them (a deploy before anomalies
// is the suspect; anomalies alone decide nothing).
import { describe, expect, it } from "vitest";
import { collectEvidence } from "@/lib/evidence/collect";
import { unavailableCluster } from "@/lib/cluster/unavailable";
import { staticTelemetry, type AnomalyRecord, type IngestedLogLine } from "@/lib/telemetry/port";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { LOG_ERRORS_SERIES } from "@/lib/anomaly/config";

const now = new Date("2026-11-22T10:30:00Z");
const startsAt = new Date("2026-11-22T10:12:00Z");
const alerts = [
  {
    labels: { alertname: "VigilAnomaly", service: "checkout", metric: "http_latency_ms", workload: "checkout", severity: "critical" },
    annotations: { summary: "checkout: latency" },
    startsAt,
    status: "firing",
  },
];
const cluster = unavailableCluster("checkout does not run on Kubernetes");

const deploy = {
  id: "c1",
  service: "checkout",
  kind: "deploy",
  version: "2.3.1",
  actor: "alice",
  summary: "checkout 2.3.1 token=hunter2",
  at: new Date("2026-11-22T10:00:00Z"),
};
function anomaly(over: Partial<AnomalyRecord> = {}): AnomalyRecord {
  return {
    id: "a1",
    service: "checkout",
    metric: "http_latency_ms",
    kind: "metric",
    value: 950,
    mean: 120,
    stddev: 30,
    z: 27.67,
    severity: "high",
    at: startsAt,
    peakAt: startsAt,
    endedAt: null,
    incidentId: "inc1",
    change: deploy,
    ...over,
  };
}
const log = (message: string, level = "error", at = "2026-11-22T10:13:00Z"): IngestedLogLine => ({
  service: "checkout",
  level,
  message,
  at: new Date(at),
});

describe("telemetry evidence", () => {
  it("shows anomalies with their deploy and the pushed error logs, collapsed", async () => {
    const telemetry = staticTelemetry({
      anomalies: [
        anomaly(),
        anomaly({
          id: "a2",
          metric: LOG_ERRORS_SERIES,
          kind: "log_errors",
          value: 50,
          mean: 0.4,
          stddev: 1,
          z: 49.6,
          severity: "critical",
          incidentId: null,
        }),
      ],
      logs: [
        log("upstream connect error 503 for req 1a2b3c4d"),
        log("upstream connect error 503 for req 9f8e7d6c"),
        log("cache miss", "info"),
        log("retrying payment", "warn"),
        log("old", "error", "2026-11-22T08:00:00Z"),
      ],
    });
    const { items, facts } = await collectEvidence({ alerts, now, cluster, telemetry, incidentId: "inc1" });
    expect(items.map((i) => i.source)).toEqual(["alert", "anomaly", "logs", "workload"]);
    const anomalies = items.find((i) => i.source === "anomaly")!;
    // The incident's own anomaly first, though the other is more severe.
    expect(anomalies.lines).toEqual([
      "2026-11-22T10:12:00.000Z checkout http_latency_ms = 950 (baseline 120 ± 30, z = 27.7, high; deploy of checkout 2.3.1 by alice 12 min before)",
      "2026-11-22T10:12:00.000Z checkout error log lines per minute = 50 (baseline 0.4 ± 1, z = 49.6, critical; deploy of checkout 2.3.1 by alice 12 min before)",
    ]);
    const fact = facts.find((f) => f.kind === "anomaly")!;
    // Text from a change is data: redacted like every other line before anything reads it.
    expect(fact).toMatchObject({
      kind: "anomaly",
      evidenceId: anomalies.id,
      change: { changeKind: "deploy", version: "2.3.1", summary: expect.not.stringContaining("hunter2") },
    });
    const logs = items.find((i) => i.source === "logs")!;
    expect(logs.lines).toEqual([
      "2026-11-22T10:13:00.000Z ERROR upstream connect error 503 for req 1a2b3c4d (×2)",
      "2026-11-22T10:13:00.000Z WARN retrying payment",
    ]);
    expect(facts.filter((f) => f.kind === "log")).toEqual([
      expect.objectContaining({ level: "error", own: true, pod: "checkout", evidenceId: logs.id }),
      expect.objectContaining({ level: "warn", own: true }),
    ]);
    // No cluster: the subject comes from the alert's labels.
    expect((await collectEvidence({ alerts, now, cluster, telemetry })).subject).toMatchObject({
      namespace: "default",
      name: "checkout",
      kind: "unknown",
    });
  });

  it("adds nothing for an incident whose services pushed nothing", async () => {
    const k8s = [{ ...alerts[0]!, labels: { alertname: "HighErrorRate", namespace: "shop", deployment: "api" } }];
    const withReader = await collectEvidence({
      alerts: k8s,
      now,
      cluster,
      telemetry: staticTelemetry({ anomalies: [anomaly()], logs: [log("boom")] }),
      incidentId: "other",
    });
    const without = await collectEvidence({ alerts: k8s, now, cluster });
    expect(withReader.items).toEqual(without.items);
  });
});

describe("the rule engine on anomalies", () => {
  const rca = async (records: AnomalyRecord[], logs: IngestedLogLine[] = []) => {
    const e = await collectEvidence({ alerts, now, cluster, telemetry: staticTelemetry({ anomalies: records, logs }), incidentId: "inc1" });
    return { e, rca: ruleBasedRca(e, startsAt) };
  };

  it("suspects the deploy that preceded the anomalies, citing both", async () => {
    const { e, rca: r } = await rca([anomaly()]);
    expect(r.rootCause).toBe("bad_deploy");
    expect(r.confidence).toBe(0.7);
    expect(r.citations).toContain(e.items.find((i) => i.source === "anomaly")!.id);
    expect(r.reasoning).toContain("12 min after the deploy of checkout 2.3.1");
    // Critical, or several series after the same deploy: a stronger suspicion.
    expect((await rca([anomaly({ severity: "critical" })])).rca.confidence).toBe(0.78);
  });

  it("names no cause from anomalies alone, and lets the logs decide when they can", async () => {
    expect((await rca([anomaly({ change: null, severity: "critical" })])).rca.rootCause).toBe("unknown");
    const { rca: r } = await rca(
      [anomaly({ change: null, severity: "critical" })],
      [log("dial tcp 10.0.0.7:5432: connect: connection refused")],
    );
    expect(r.rootCause).toBe("dependency_failure");
  });
});
