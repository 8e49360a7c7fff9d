import { describe, expect, it } from "vitest";
import { labelsFingerprint } from "@/lib/alerts/fingerprint";

describe("labelsFingerprint", () => {
  it("matches the fingerprints Alertmanager sends", () => {
    // Both vectors come from real kube-prometheus-stack notifications.
    expect(
      labelsFingerprint({
        alertname: "HighErrorRate",
        cluster: "prod-eu-west-1",
        deployment: "billing-gateway",
        namespace: "billing",
        prometheus: "monitoring/kube-prometheus-stack-prometheus",
        severity: "critical",
        team: "billing",
      }),
    ).toBe("99b137c9c6c3b324");
    expect(
      labelsFingerprint({
        severity: "info",
        pod: "quote-engine-59lgnvdtz-6hq2w",
        alertname: "CPUThrottlingHigh",
        cluster: "prod-us-east-1",
        container: "quote-engine",
        namespace: "quotes",
        prometheus: "monitoring/kube-prometheus-stack-prometheus",
      }),
    ).toBe("47121809683bddf8");
  });

  it("is the FNV-1a offset basis for an empty label set, and differs when any value does", () => {
    expect(labelsFingerprint({})).toBe("cbf29ce484222325");
    expect(labelsFingerprint({ a: "1" })).not.toBe(labelsFingerprint({ a: "2" }));
  });
});
