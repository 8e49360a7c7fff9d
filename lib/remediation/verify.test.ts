// The verification rules that need no database: kubectl's rollout-status test, the alert's
// PromQL expression from its generatorURL, and what counts as effective.
import { describe, expect, it } from "vitest";
import type { V1Deployment } from "@kubernetes/client-node";
import { alertExpression, isEffective, rolloutReady, type Verification } from "@/lib/remediation/verify";

const deployment = (status: V1Deployment["status"], generation = 5, replicas = 3): V1Deployment => ({
  metadata: { generation },
  spec: { replicas, selector: {}, template: {} },
  status,
});

describe("rolloutReady", () => {
  it("waits for the controller, the update, old pods and availability, in that order", () => {
    expect(rolloutReady(deployment({ observedGeneration: 4 }))).toMatchObject({ ready: false, detail: expect.stringContaining("observe") });
    expect(rolloutReady(deployment({ observedGeneration: 5, updatedReplicas: 1, replicas: 4 }))).toMatchObject({
      ready: false,
      detail: "1 of 3 replicas updated",
    });
    expect(rolloutReady(deployment({ observedGeneration: 5, updatedReplicas: 3, replicas: 4 }))).toMatchObject({
      ready: false,
      detail: "1 old replicas pending termination",
    });
    expect(rolloutReady(deployment({ observedGeneration: 5, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }))).toMatchObject({
      ready: false,
    });
    expect(rolloutReady(deployment({ observedGeneration: 5, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({
      ready: true,
      detail: "3 of 3 replicas updated and available",
    });
    expect(rolloutReady(null).ready).toBe(false);
  });
});

describe("alertExpression", () => {
  it("reads g0.expr from a Prometheus generatorURL", () => {
    expect(alertExpression("http://prometheus:9090/graph?g0.expr=rate%28errors_total%5B5m%5D%29+%3E+1&g0.tab=1")).toBe(
      "rate(errors_total[5m]) > 1",
    );
    expect(alertExpression("not a url")).toBeNull();
    expect(alertExpression(null)).toBeNull();
  });
});

describe("isEffective", () => {
  const v = (ready: boolean, cleared: boolean, promql: boolean | null): Verification => ({
    rollout: { ready, detail: "" },
    alerts: { cleared, detail: "" },
    promql: { cleared: promql, detail: "" },
    checkedAt: "",
  });
  it("needs a ready rollout and cleared alerts (resolved, or their condition gone)", () => {
    expect(isEffective(v(true, true, null))).toBe(true);
    expect(isEffective(v(true, false, true))).toBe(true);
    expect(isEffective(v(true, false, null))).toBe(false);
    expect(isEffective(v(false, true, true))).toBe(false);
  });
});
