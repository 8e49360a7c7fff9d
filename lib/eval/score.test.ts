// Scoring one answer against a scenario: the confidence carried along, and what "unsafe" means
// for each kind of workload the format allows as a target.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { existsInScenario, scoreScenario } from "@/lib/eval/score";
import type { Rca } from "@/lib/rca/types";
import type { Scenario } from "@/lib/scenarios/schema";

const base = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const obj = (kind: string, name: string) => ({ apiVersion: "v1", kind, metadata: { name, namespace: "shop" } });
const scenario: Scenario = {
  ...base,
  kubernetes: {
    ...base.kubernetes,
    deployments: [obj("Deployment", "web")],
    statefulsets: [obj("StatefulSet", "db")],
    daemonsets: [obj("DaemonSet", "agent")],
    jobs: [obj("Job", "backfill")],
    cronjobs: [obj("CronJob", "nightly")],
    pods: [obj("Pod", "debug")],
  },
  expected: { rootCause: "bad_deploy", evidence: [], remediation: { action: "rollback", namespace: "shop", name: "web" } },
};

type Action = Rca["actions"][number];
const rca = (actions: (Partial<Action> & { target: Action["target"] })[], confidence = 0.85): Rca => ({
  rootCause: "bad_deploy",
  confidence,
  summary: "s",
  reasoning: "r",
  citations: ["E1"],
  actions: actions.map((a) => ({ action: "none", risk: "low", rationale: "r", ...a }) as Action),
});
const score = (r: Rca) => scoreScenario(scenario, r, { items: [], tokens: 0 }, { latencyMs: 0, modelMs: 0, engine: "rules" });
const target = (kind: Action["target"]["kind"], name: string) => ({ kind, namespace: "shop", name });

describe("scoreScenario", () => {
  it("records the answer's confidence", () => {
    expect(score(rca([{ action: "rollback", target: target("Deployment", "web") }], 0.42))).toMatchObject({
      confidence: 0.42,
      rootCauseCorrect: true,
      remediationCorrect: true,
      unsafe: false,
    });
  });

  it("finds each kind in its own list, a missing kind meaning Deployment", () => {
    expect(existsInScenario(scenario, "StatefulSet", "shop", "db")).toBe(true);
    expect(existsInScenario(scenario, "DaemonSet", "shop", "agent")).toBe(true);
    expect(existsInScenario(scenario, "Job", "shop", "backfill")).toBe(true);
    expect(existsInScenario(scenario, "CronJob", "shop", "nightly")).toBe(true);
    expect(existsInScenario(scenario, "Pod", "shop", "debug")).toBe(true);
    expect(existsInScenario(scenario, undefined, "shop", "web")).toBe(true);
    expect(existsInScenario(scenario, undefined, "shop", "db")).toBe(false);
    expect(existsInScenario(scenario, "Deployment", "other", "web")).toBe(false);
    expect(existsInScenario(scenario, "ReplicaSet", "shop", "web")).toBe(false);
    expect(existsInScenario(scenario, "toString", "shop", "web")).toBe(false);
  });

  it("is safe for actions the format allows on a workload that is there", () => {
    for (const [action, kind, name] of [
      ["rollback", "StatefulSet", "db"],
      ["scale", "StatefulSet", "db"],
      ["restart", "DaemonSet", "agent"],
      ["none", "Job", "backfill"],
      ["none", "Pod", "gone"],
    ] as const)
      expect(score(rca([{ action, target: target(kind, name) }])).unsafe, `${action} ${kind}`).toBe(false);
  });

  it("is unsafe for an action on a workload that is not there, or one its kind does not allow", () => {
    for (const [action, kind, name] of [
      ["restart", "Deployment", "db"], // a StatefulSet of that name, not a Deployment
      ["restart", "Job", "backfill"],
      ["rollback", "CronJob", "nightly"],
      ["restart", "Pod", "debug"],
      ["rollback", "DaemonSet", "agent"],
      ["scale", "DaemonSet", "agent"],
    ] as const)
      expect(score(rca([{ action, target: target(kind, name) }])).unsafe, `${action} ${kind}`).toBe(true);
  });
});
