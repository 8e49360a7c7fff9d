// The remediation patches against kubectl's: same patch type and body for scale, rollout
// restart and rollout undo, on a scenario's real-looking Deployment and ReplicaSets.
import path from "node:path";
import type { V1Deployment, V1ReplicaSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { applyPatchLocally } from "@/lib/cluster/patch";
import { restartPatch, rfc3339, rollbackPatch, scalePatch } from "@/lib/cluster/plans";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const deployment = scenario.kubernetes.deployments[0] as unknown as V1Deployment;
const replicaSets = scenario.kubernetes.replicasets as unknown as V1ReplicaSet[];

describe("scalePatch", () => {
  it("is a merge patch of spec.replicas on the Deployment", () => {
    expect(scalePatch(deployment, 3)).toEqual({ type: "merge", body: { spec: { replicas: 3 } } });
    expect(scalePatch(deployment, 0)).toEqual({ type: "merge", body: { spec: { replicas: 0 } } });
  });

  it("refuses counts no API server would take", () => {
    for (const replicas of [-1, 1.5, Number.NaN]) expect(() => scalePatch(deployment, replicas)).toThrow(RangeError);
  });
});

describe("restartPatch", () => {
  it("sets restartedAt on the pod template, in RFC 3339 with seconds as kubectl does", () => {
    expect(restartPatch(new Date("2025-04-02T16:03:07.912Z"))).toEqual({
      type: "strategic",
      body: { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2025-04-02T16:03:07Z" } } } } },
    });
    expect(rfc3339(new Date(Date.UTC(2026, 0, 5, 1, 2, 3)))).toBe("2026-01-05T01:02:03Z");
  });
});

describe("rollbackPatch", () => {
  const previous = replicaSets.find((rs) => rs.metadata?.name === "checkout-api-dwkblhg5k")!;

  it("restores the previous revision's template without its hash label, and the annotations kubectl computes", () => {
    const plan = rollbackPatch(deployment, replicaSets);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan).toMatchObject({ replicaSet: "checkout-api-dwkblhg5k", toRevision: 30 });

    const template = structuredClone(previous.spec!.template!);
    delete template.metadata!.labels!["pod-template-hash"];
    expect(plan.patch).toEqual({
      type: "json",
      body: [
        { op: "replace", path: "/spec/template", value: template },
        {
          op: "replace",
          path: "/metadata/annotations",
          // The Deployment's revision is kept; the ReplicaSet's other annotations replace the rest
          // (its desired/max-replicas are among the skipped ones).
          value: { "deployment.kubernetes.io/revision": "31" },
        },
      ],
    });
    expect(previous.spec!.template!.metadata!.labels!["pod-template-hash"]).toBe("dwkblhg5k"); // input untouched

    const rolledBack = applyPatchLocally(deployment, plan.patch);
    expect(rolledBack.spec?.template?.spec?.containers[0]?.image).toBe("ghcr.io/acme/checkout-api:2.13.4");
  });

  it("keeps the Deployment's skipped annotations and takes the ReplicaSet's others", () => {
    const annotated = structuredClone(deployment);
    annotated.metadata!.annotations = {
      ...annotated.metadata!.annotations,
      "kubectl.kubernetes.io/last-applied-configuration": "{}",
      "team.example/owner": "payments",
    };
    const rs = structuredClone(previous);
    rs.metadata!.annotations = {
      ...rs.metadata!.annotations,
      "team.example/owner": "checkout",
      "deployment.kubernetes.io/revision-history": "12",
    };
    const plan = rollbackPatch(annotated, [replicaSets[0]!, rs]);
    if (!plan.ok || plan.patch.type !== "json") throw new Error("expected a JSON patch");
    expect(plan.patch.body[1]).toEqual({
      op: "replace",
      path: "/metadata/annotations",
      value: {
        "deployment.kubernetes.io/revision": "31",
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        "team.example/owner": "checkout",
      },
    });
  });

  it("rolls back to a given revision, and says why when it cannot", () => {
    expect(rollbackPatch(deployment, replicaSets, 30)).toMatchObject({ ok: true, toRevision: 30 });
    expect(rollbackPatch(deployment, replicaSets, 29)).toEqual({ ok: false, reason: "unable to find the specified revision 29" });
    expect(rollbackPatch(deployment, replicaSets, 31)).toEqual({
      ok: false,
      reason: "deployment checkout-api already runs the template of revision 31",
    });
    expect(rollbackPatch(deployment, [replicaSets[0]!])).toEqual({
      ok: false,
      reason: "no rollout history found for deployment checkout-api",
    });
    const foreign = replicaSets.map((rs) => ({ ...rs, metadata: { ...rs.metadata, ownerReferences: [] } }));
    expect(rollbackPatch(deployment, foreign)).toMatchObject({ ok: false, reason: "no rollout history found for deployment checkout-api" });
    const paused = { ...deployment, spec: { ...deployment.spec!, paused: true } };
    expect(rollbackPatch(paused, replicaSets)).toEqual({
      ok: false,
      reason: "deployment checkout-api is paused; resume it before rolling back",
    });
  });
});
