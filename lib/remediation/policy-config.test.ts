// Loading the guard's policy: safe defaults, a JSON file over them, and errors that name
// the file and the field, so a bad safety setting stops startup instead of being ignored.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicyConfig, policyConfig } from "@/lib/remediation/policy-config";

function policyFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "vigil-policy-")), "policy.json");
  writeFileSync(file, content);
  return file;
}

describe("loadPolicyConfig", () => {
  it("has safe defaults", () => {
    expect(loadPolicyConfig()).toEqual({
      allowedNamespaces: ["*"],
      deniedNamespaces: ["kube-system", "kube-public", "kube-node-lease"],
      allowedActions: ["rollback", "restart", "scale"],
      minReplicas: 1,
      maxReplicas: 20,
      maxReplicaStep: 5,
      minConfidence: 0.6,
      maxExecutionsPerWorkload: 3,
      rateWindowMinutes: 60,
      highRiskKinds: [],
      twoApproversForHighRisk: true,
      autonomous: [],
      approvalTtlMs: 15 * 60_000,
      verifyTimeoutMs: 300_000,
    });
  });

  it("applies a file over the defaults, with the timings from the environment", () => {
    const file = policyFile(
      JSON.stringify({ allowedNamespaces: ["team-*"], maxReplicas: 8, autonomous: [{ namespace: "shop", kinds: ["restart"] }] }),
    );
    const config = loadPolicyConfig(file, { approvalTtlMinutes: 5, verifyTimeoutS: 60 });
    expect(config).toMatchObject({
      allowedNamespaces: ["team-*"],
      maxReplicas: 8,
      minReplicas: 1,
      approvalTtlMs: 300_000,
      verifyTimeoutMs: 60_000,
    });
    expect(config.autonomous).toEqual([{ namespace: "shop", kinds: ["restart"], minConfidence: 0.9, maxRisk: "low" }]);
  });

  it("names the file and the field of a bad value", () => {
    const file = policyFile(JSON.stringify({ maxReplicaStep: 0 }));
    expect(() => loadPolicyConfig(file)).toThrow(`${file}: maxReplicaStep: Too small`);
    expect(() => loadPolicyConfig({ allowedActions: ["delete" as "scale"] })).toThrow(/^remediation policy: allowedActions\[0\]: /);
    expect(() => loadPolicyConfig({ allowedNamespaces: ["team*x"] })).toThrow(
      "allowedNamespaces[0]: must be a namespace name, * or a prefix ending in *",
    );
    expect(() => loadPolicyConfig({ minReplicas: 9, maxReplicas: 4 })).toThrow("minReplicas: must not exceed maxReplicas");
  });

  it("refuses autonomous rules below 0.9 confidence or above low risk", () => {
    expect(() => loadPolicyConfig({ autonomous: [{ namespace: "shop", minConfidence: 0.8 }] })).toThrow(
      "autonomous[0].minConfidence: must be at least 0.9",
    );
    expect(() => loadPolicyConfig({ autonomous: [{ namespace: "shop", maxRisk: "medium" as "low" }] })).toThrow(
      "autonomous[0].maxRisk: only low-risk actions may run without a human",
    );
  });

  it("rejects unknown settings rather than ignoring a typo", () => {
    expect(() => loadPolicyConfig({ maxReplica: 5 } as never)).toThrow(/unknown setting "maxReplica" \(known: allowedNamespaces, /);
    expect(() => loadPolicyConfig({ autonomous: [{ namespace: "shop", minConfidense: 0.95 }] } as never)).toThrow(
      /autonomous\[0\]: unknown setting "minConfidense"/,
    );
  });

  it("names the file it cannot read or parse", () => {
    expect(() => loadPolicyConfig("/nonexistent/policy.json")).toThrow(/^\/nonexistent\/policy.json: cannot read the remediation policy: /);
    const file = policyFile("{ not json");
    expect(() => loadPolicyConfig(file)).toThrow(`${file}: cannot read the remediation policy`);
  });

  it("policyConfig builds a config from overrides for tests and the demo", () => {
    expect(policyConfig({ minConfidence: 0.7 }).minConfidence).toBe(0.7);
  });
});
