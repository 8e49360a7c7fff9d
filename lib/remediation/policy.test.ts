// The remediation guard: every rule refuses what it should and says why in words, and
// autonomous execution stays off unless a rule, the verdict, the risk and the confidence
// all agree.
import { describe, expect, it } from "vitest";
import { evaluatePolicy, matchesNamespace, type PolicyInput, type PolicyVerdict } from "@/lib/remediation/policy";
import { policyConfig } from "@/lib/remediation/policy-config";

const cart = { kind: "Deployment", namespace: "shop", name: "cart" };
// Unless a test says otherwise, the RCA's cause is one the action follows from.
const causeFor = { restart: "memory_leak", rollback: "bad_deploy", scale: "cpu_saturation", none: "unknown" } as const;

function input(overrides: { action?: Partial<PolicyInput["action"]> } & Partial<Omit<PolicyInput, "action">> = {}): PolicyInput {
  return {
    incident: { namespace: "shop", workloads: [cart] },
    rootCause: causeFor[overrides.action?.kind ?? "restart"],
    currentReplicas: 2,
    recentExecutions: 0,
    watchtower: { active: false, reason: null },
    ...overrides,
    action: {
      kind: "restart",
      namespace: "shop",
      name: "cart",
      targetKind: "Deployment",
      replicas: null,
      risk: "low",
      confidence: 0.8,
      ...overrides.action,
    },
  };
}

const reason = (verdict: PolicyVerdict, rule: string) => verdict.reasons.find((r) => r.rule === rule);
const failed = (verdict: PolicyVerdict) => verdict.reasons.filter((r) => !r.ok).map((r) => r.rule);
const defaults = policyConfig();

describe("evaluatePolicy", () => {
  it("allows a restart of the incident's own workload and says why for every rule", () => {
    const verdict = evaluatePolicy(input(), defaults);
    expect(verdict.allowed).toBe(true);
    expect(verdict.reasons.map((r) => r.rule)).toEqual([
      "namespace",
      "action",
      "target",
      "cause",
      "writable",
      "confidence",
      "rate-limit",
      "watchtower",
    ]);
    expect(verdict.reasons.every((r) => r.ok)).toBe(true);
    expect(reason(verdict, "namespace")!.message).toBe("namespace shop is allowed");
    expect(reason(verdict, "target")!.message).toBe("Deployment shop/cart is the incident's workload");
    expect(reason(verdict, "cause")!.message).toBe("restart follows from memory_leak on a Deployment");
    expect(verdict).toMatchObject({
      highRisk: false,
      requiredApprovals: 1,
      autonomous: { allowed: false, policy: null, reason: "autonomous mode is off" },
    });
  });

  it("never executes a recommendation", () => {
    const verdict = evaluatePolicy(input({ action: { kind: "none" } }), defaults);
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons).toEqual([{ rule: "executable", ok: false, message: "a recommendation, nothing to execute" }]);
    expect(verdict.autonomous.allowed).toBe(false);
  });

  describe("the target must be the incident's workload (prompt-injection defence)", () => {
    it("refuses a workload in another namespace, naming the incident's workload", () => {
      const verdict = evaluatePolicy(input({ action: { namespace: "payments", name: "cart" } }), defaults);
      expect(verdict.allowed).toBe(false);
      expect(failed(verdict)).toEqual(["target"]);
      expect(reason(verdict, "target")!.message).toBe(
        "Deployment payments/cart is not part of this incident (its workload: Deployment shop/cart)",
      );
    });

    it("refuses another deployment in the same namespace", () => {
      const verdict = evaluatePolicy(input({ action: { name: "checkout" } }), defaults);
      expect(verdict.allowed).toBe(false);
      expect(reason(verdict, "target")!.message).toContain("Deployment shop/checkout is not part of this incident");
      expect(reason(verdict, "target")!.message).toContain("Deployment shop/cart");
    });

    it("matches kind, namespace and name exactly", () => {
      for (const action of [{ targetKind: "StatefulSet" }, { name: "Cart" }, { name: "cart " }, { name: "car" }, { name: "cart-canary" }]) {
        expect(evaluatePolicy(input({ action }), defaults).allowed, JSON.stringify(action)).toBe(false);
      }
    });

    it("refuses everything when the incident names no workload", () => {
      const verdict = evaluatePolicy(input({ incident: { namespace: "shop", workloads: [] } }), defaults);
      expect(reason(verdict, "target")!.message).toBe("Deployment shop/cart is not part of this incident, which names no workload");
    });

    it("accepts any of several incident workloads and lists them when refusing", () => {
      const web = { kind: "Deployment", namespace: "shop", name: "web" };
      const incident = { namespace: "shop", workloads: [cart, web] };
      expect(evaluatePolicy(input({ incident, action: { name: "web" } }), defaults).allowed).toBe(true);
      const refused = evaluatePolicy(input({ incident, action: { name: "db" } }), defaults);
      expect(reason(refused, "target")!.message).toContain("(its workloads: Deployment shop/cart, Deployment shop/web)");
    });
  });

  describe("the action must follow from the RCA's root cause on its target's kind (lib/rca/safety.ts)", () => {
    it("refuses an action the cause does not justify, with the safety table's reason, whatever proposed it", () => {
      const restart = evaluatePolicy(input({ rootCause: "bad_deploy" }), defaults);
      expect(restart.allowed).toBe(false);
      expect(failed(restart)).toEqual(["cause"]);
      expect(reason(restart, "cause")!.message).toBe("restart does not follow from bad_deploy (only rollback can)");
      const rollback = evaluatePolicy(input({ action: { kind: "rollback" }, rootCause: "certificate_expired" }), defaults);
      expect(reason(rollback, "cause")!.message).toBe("rollback does not follow from certificate_expired: no automated action fixes it");
      expect(rollback.autonomous).toMatchObject({ allowed: false });
    });

    it("refuses what the target's kind cannot do, even where the cause allows it", () => {
      const daemonSet = { kind: "DaemonSet", namespace: "shop", name: "cart" };
      const incident = { namespace: "shop", workloads: [daemonSet] };
      const scale = evaluatePolicy(input({ incident, action: { kind: "scale", replicas: 4, targetKind: "DaemonSet" } }), defaults);
      expect(reason(scale, "cause")!.message).toBe('a DaemonSet cannot be scaled: only "none" applies to it');
      expect(reason(evaluatePolicy(input({ incident, action: { targetKind: "DaemonSet" } }), defaults), "cause")!.ok).toBe(true);
      for (const kind of ["Job", "CronJob", "Pod"]) {
        const verdict = evaluatePolicy(
          input({ incident: { namespace: "shop", workloads: [{ ...cart, kind }] }, action: { targetKind: kind } }),
          defaults,
        );
        expect(reason(verdict, "cause"), kind).toMatchObject({ ok: false, message: expect.stringMatching(/only "none" applies/) });
      }
      expect(reason(evaluatePolicy(input({ action: { targetKind: "ReplicaSet" } }), defaults), "cause")!.ok).toBe(false);
    });

    it("refuses an action no RCA stands behind, or whose cause is outside the taxonomy; passes an undo", () => {
      expect(reason(evaluatePolicy(input({ rootCause: null }), defaults), "cause")!.message).toBe(
        "no root cause analysis is on record for this restart: nothing shows it would help",
      );
      expect(reason(evaluatePolicy(input({ rootCause: "cosmic_rays" }), defaults), "cause")!.ok).toBe(false);
      const undo = evaluatePolicy(input({ rootCause: null, action: { undo: true, kind: "scale", replicas: 3 } }), defaults);
      expect(reason(undo, "cause")).toEqual({ rule: "cause", ok: true, message: "an undo restores the state before an executed scale" });
    });
  });

  it("refuses a target the executor cannot write, however safe the action (it patches Deployments only)", () => {
    const sts = { kind: "StatefulSet", namespace: "shop", name: "cart" };
    const verdict = evaluatePolicy(
      input({ incident: { namespace: "shop", workloads: [sts] }, action: { kind: "rollback", targetKind: "StatefulSet" } }),
      defaults,
    );
    expect(failed(verdict)).toEqual(["writable"]);
    expect(reason(verdict, "writable")!.message).toBe("Vigil writes only Deployments: a StatefulSet is changed by a person");
    expect(reason(evaluatePolicy(input(), defaults), "writable")!.message).toBe("Vigil can restart a Deployment");
  });

  describe("namespaces", () => {
    const inNamespace = (namespace: string) =>
      input({ incident: { namespace, workloads: [{ ...cart, namespace }] }, action: { namespace } });

    it("refuses the system namespaces by default", () => {
      for (const ns of ["kube-system", "kube-public", "kube-node-lease"]) {
        const verdict = evaluatePolicy(inNamespace(ns), defaults);
        expect(verdict.allowed).toBe(false);
        expect(reason(verdict, "namespace")!.message).toBe(`namespace ${ns} is denied by policy (${ns})`);
      }
    });

    it("allows only listed namespaces and prefixes when configured, deny winning over allow", () => {
      const config = policyConfig({ allowedNamespaces: ["shop", "team-*"], deniedNamespaces: ["team-secret"] });
      expect(evaluatePolicy(inNamespace("shop"), config).allowed).toBe(true);
      expect(evaluatePolicy(inNamespace("team-a"), config).allowed).toBe(true);
      expect(reason(evaluatePolicy(inNamespace("team-secret"), config), "namespace")!.ok).toBe(false);
      const other = evaluatePolicy(inNamespace("billing"), config);
      expect(reason(other, "namespace")!.message).toBe("namespace billing is not in the allowed namespaces (shop, team-*)");
    });

    it("matches globs only as a suffix wildcard", () => {
      expect(matchesNamespace("team-*", "team-")).toBe(true);
      expect(matchesNamespace("team-*", "steam-a")).toBe(false);
      expect(matchesNamespace("shop", "shop-2")).toBe(false);
      expect(matchesNamespace("*", "")).toBe(false);
    });
  });

  it("refuses action kinds that are not allowed", () => {
    const verdict = evaluatePolicy(input({ action: { kind: "rollback" } }), policyConfig({ allowedActions: ["restart", "scale"] }));
    expect(reason(verdict, "action")).toEqual({
      rule: "action",
      ok: false,
      message: "rollback is not an allowed action (allowed: restart, scale)",
    });
  });

  describe("scale", () => {
    const scale = (replicas: number | null, currentReplicas: number | null = 2) =>
      evaluatePolicy(input({ action: { kind: "scale", replicas }, currentReplicas }), policyConfig({ maxReplicaStep: 4 }));

    it("allows a step within bounds", () => {
      const verdict = scale(6);
      expect(verdict.allowed).toBe(true);
      expect(reason(verdict, "replica-step")!.message).toBe("scale step 2→6 is within the max step of 4");
    });

    it("refuses a step larger than the max step, either way", () => {
      expect(reason(scale(12), "replica-step")).toEqual({
        rule: "replica-step",
        ok: false,
        message: "scale step 2→12 exceeds the max step of 4",
      });
      expect(scale(1, 6).allowed).toBe(false);
    });

    it("refuses counts outside the bounds", () => {
      expect(reason(scale(0, 1), "replicas")!.message).toBe("0 replicas is outside the bounds 1–20");
      expect(reason(scale(21, 19), "replicas")!.ok).toBe(false);
      expect(scale(20, 19).allowed).toBe(true);
    });

    it("needs a replica count, a whole one, and the current count", () => {
      expect(reason(scale(null), "replicas")!.message).toBe("scale needs a replica count");
      expect(reason(scale(2.5), "replicas")!.ok).toBe(false);
      expect(reason(scale(3, null), "replica-step")!.message).toMatch(/current replica count is unknown/);
    });

    it("does not check replicas for other kinds", () => {
      expect(reason(evaluatePolicy(input({ action: { kind: "restart" }, currentReplicas: null }), defaults), "replicas")).toBeUndefined();
    });
  });

  it("holds the confidence floor, and a missing confidence fails it", () => {
    expect(reason(evaluatePolicy(input({ action: { confidence: 0.55 } }), defaults), "confidence")!.message).toBe(
      "confidence 0.55 is below the floor of 0.6",
    );
    expect(evaluatePolicy(input({ action: { confidence: 0.6 } }), defaults).allowed).toBe(true);
    expect(reason(evaluatePolicy(input({ action: { confidence: null } }), defaults), "confidence")!.ok).toBe(false);
  });

  it("rate-limits executions per workload", () => {
    expect(evaluatePolicy(input({ recentExecutions: 2 }), defaults).allowed).toBe(true);
    const verdict = evaluatePolicy(input({ recentExecutions: 3 }), defaults);
    expect(verdict.allowed).toBe(false);
    expect(reason(verdict, "rate-limit")!.message).toBe("3 executions on Deployment shop/cart in the last 60 min: the limit is 3");
  });

  it("refuses execution in watchtower mode with its reason, still returning the full verdict", () => {
    const verdict = evaluatePolicy(input({ watchtower: { active: true, reason: "model latency p99 72 s > 60 s" } }), defaults);
    expect(verdict.allowed).toBe(false);
    expect(failed(verdict)).toEqual(["watchtower"]);
    expect(reason(verdict, "watchtower")!.message).toBe(
      "watchtower mode is on (model latency p99 72 s > 60 s): automated writes are suspended",
    );
  });

  it("reports every failing rule, not only the first", () => {
    const verdict = evaluatePolicy(input({ action: { name: "db", confidence: 0.1 }, recentExecutions: 9 }), defaults);
    expect(failed(verdict)).toEqual(["target", "confidence", "rate-limit"]);
  });

  describe("high risk", () => {
    it("needs two approvers for risk high, by default", () => {
      expect(evaluatePolicy(input({ action: { risk: "high" } }), defaults)).toMatchObject({ highRisk: true, requiredApprovals: 2 });
      expect(evaluatePolicy(input({ action: { risk: "high" } }), policyConfig({ twoApproversForHighRisk: false }))).toMatchObject({
        highRisk: true,
        requiredApprovals: 1,
      });
    });

    it("treats configured kinds as high risk whatever their stated risk", () => {
      expect(evaluatePolicy(input({ action: { kind: "rollback" } }), defaults).highRisk).toBe(false);
      const verdict = evaluatePolicy(input({ action: { kind: "rollback" } }), policyConfig({ highRiskKinds: ["rollback"] }));
      expect(verdict).toMatchObject({ highRisk: true, requiredApprovals: 2 });
    });
  });
});

describe("autonomous mode", () => {
  const config = policyConfig({ autonomous: [{ namespace: "shop", kinds: ["restart", "scale"] }] });
  const confident = { confidence: 0.95, risk: "low" as const };

  it("is off by default, however confident", () => {
    expect(evaluatePolicy(input({ action: confident }), defaults).autonomous).toEqual({
      allowed: false,
      policy: null,
      reason: "autonomous mode is off",
    });
  });

  it("runs a confident, low-risk, allowed action covered by a rule, naming the rule", () => {
    const verdict = evaluatePolicy(input({ action: confident }), config);
    expect(verdict.autonomous).toEqual({
      allowed: true,
      policy: "autonomous[0] namespace=shop kinds=restart,scale",
      reason: expect.stringContaining("0.95 ≥ 0.9"),
    });
  });

  it("needs a rule for the namespace and the kind", () => {
    expect(evaluatePolicy(input({ action: { ...confident, kind: "rollback" } }), config).autonomous.reason).toBe(
      "no autonomous rule covers rollback in namespace shop",
    );
    const elsewhere = policyConfig({ autonomous: [{ namespace: "team-*" }] });
    expect(evaluatePolicy(input({ action: confident }), elsewhere).autonomous.allowed).toBe(false);
  });

  it("refuses below 0.9, below the rule's own threshold, and without a confidence", () => {
    expect(evaluatePolicy(input({ action: { ...confident, confidence: 0.89 } }), config).autonomous).toMatchObject({
      allowed: false,
      policy: null,
    });
    const strict = policyConfig({ autonomous: [{ namespace: "*", minConfidence: 0.97 }] });
    expect(evaluatePolicy(input({ action: confident }), strict).autonomous.reason).toBe(
      "confidence 0.95 is below the autonomous threshold of 0.97",
    );
    expect(evaluatePolicy(input({ action: { ...confident, confidence: 0.98 } }), strict).autonomous.policy).toBe(
      "autonomous[0] namespace=*",
    );
  });

  it("refuses medium or high risk, high-risk kinds, watchtower mode and a refused verdict", () => {
    const cases: [PolicyInput, string][] = [
      [input({ action: { ...confident, risk: "medium" } }), "the action is medium risk; only low-risk actions run without a human"],
      [input({ action: { ...confident, risk: "high" } }), "high-risk actions need a human"],
      [input({ action: confident, watchtower: { active: true, reason: "slow model" } }), "watchtower mode is on"],
      [input({ action: confident, recentExecutions: 3 }), "the guard refused the action"],
      [input({ action: { ...confident, name: "checkout" } }), "the guard refused the action"],
    ];
    for (const [i, expected] of cases)
      expect(evaluatePolicy(i, config).autonomous).toEqual({ allowed: false, policy: null, reason: expected });
    const risky = policyConfig({ highRiskKinds: ["restart"], autonomous: [{ namespace: "shop" }] });
    expect(evaluatePolicy(input({ action: confident }), risky).autonomous.reason).toBe("high-risk actions need a human");
  });
});
