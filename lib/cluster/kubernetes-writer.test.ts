// The writer through the real @kubernetes/client-node against the sandbox API server: what
// each remediation sends on the wire, what the cluster looks like after it (ReplicaSets,
// revisions, pods), and how every kind of failure comes back, with the state left untouched.
import path from "node:path";
import type { V1Deployment, V1ReplicaSet } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClusterWriter, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { restartPatch, rollbackPatch, scalePatch } from "@/lib/cluster/plans";
import type { ClusterWriter, DeploymentPatch } from "@/lib/cluster/port";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";
import { ClusterWriteError } from "@/lib/cluster/write-error";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const [ns, name] = ["shop", "checkout-api"];

type Stored = KubeObject & { metadata: { annotations?: Record<string, string>; uid?: string; ownerReferences?: { name: string }[] } };
type Spec = { replicas?: number; template?: { metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> } } };

describe("cluster writer against the sandbox", () => {
  let sandbox: SandboxCluster;
  let writer: ClusterWriter;
  const deployment = () => sandbox.store.get("deployments", ns, name) as Stored & { spec: Spec; status: Record<string, unknown> };
  const current = () => deployment() as unknown as V1Deployment;
  const replicaSets = () => sandbox.store.list("replicasets", ns) as (Stored & { spec: Spec })[];
  const replicaSet = (rsName: string) => replicaSets().find((rs) => rs.metadata.name === rsName)!;
  const podsOf = (rsName: string) =>
    sandbox.store.list("pods", ns).filter((pod) => (pod as Stored).metadata.ownerReferences?.[0]?.name === rsName);
  const revision = (object: Stored) => object.metadata.annotations?.["deployment.kubernetes.io/revision"];
  const lastWrite = () => sandbox.requests.filter((r) => r.method === "PATCH").at(-1)!;
  const patch = (p: DeploymentPatch, traceId = "trace-1", extra = {}) => writer.patchDeployment(ns, name, p, { traceId, ...extra });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("the write should have failed"),
      (err: unknown) => err as ClusterWriteError,
    );

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ state: scenario.kubernetes, controller: { now: () => new Date("2025-04-03T09:00:00Z") } });
    writer = createClusterWriter(kubeConfigFrom({ server: sandbox.url, token: sandbox.token }), { timeoutMs: 300 });
  });
  beforeEach(() => {
    sandbox.setState(scenario.kubernetes);
    sandbox.clearFaults();
  });
  afterAll(() => sandbox.stop());

  it("scales: replicas and pods follow, with the trace id as annotation and field manager", async () => {
    const answered = await patch(scalePatch(current(), 3), "4bf92f3577b34da6");
    expect(answered.spec?.replicas).toBe(3);
    expect(answered.metadata?.annotations?.["vigil.dev/trace-id"]).toBe("4bf92f3577b34da6");
    expect(answered.metadata?.managedFields?.map((f) => f.manager)).toContain("vigil-4bf92f3577b34da6");

    expect(lastWrite()).toMatchObject({
      path: `/apis/apps/v1/namespaces/${ns}/deployments/${name}?fieldManager=vigil-4bf92f3577b34da6`,
      contentType: "application/merge-patch+json",
      query: { fieldManager: "vigil-4bf92f3577b34da6" },
      body: { spec: { replicas: 3 }, metadata: { annotations: { "vigil.dev/trace-id": "4bf92f3577b34da6" } } },
      userAgent: "vigil/0.1",
    });

    // No rollout: the same ReplicaSet, now of 3, and 3 of its original pods left.
    expect(revision(deployment())).toBe("31");
    expect(replicaSet("checkout-api-lpv4h5bnm").spec.replicas).toBe(3);
    expect(podsOf("checkout-api-lpv4h5bnm")).toHaveLength(3);
    expect(deployment().status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 45,
    });

    await patch(scalePatch(current(), 8));
    const pods = podsOf("checkout-api-lpv4h5bnm");
    expect(pods).toHaveLength(8);
    const fresh = pods.filter((pod) => !scenario.kubernetes.pods.some((p) => p.metadata.name === pod.metadata.name));
    expect(fresh).toHaveLength(5);
    for (const pod of fresh) {
      expect(pod.metadata.name).toMatch(/^checkout-api-lpv4h5bnm-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.labels).toMatchObject({ "pod-template-hash": "lpv4h5bnm", "app.kubernetes.io/version": "2.14.0" });
      expect(pod.status).toMatchObject({
        phase: "Running",
        containerStatuses: [{ name: "checkout-api", ready: true, restartCount: 0, state: { running: {} } }],
      });
    }
  });

  it("restarts: a new ReplicaSet at the next revision, the old one drained, restartedAt exact", async () => {
    const answered = await patch(restartPatch(new Date("2025-04-03T09:15:42.517Z")));
    expect(answered.spec?.template?.metadata?.annotations).toEqual({ "kubectl.kubernetes.io/restartedAt": "2025-04-03T09:15:42Z" });
    expect(lastWrite().contentType).toBe("application/strategic-merge-patch+json");

    const created = replicaSets().filter((rs) => !scenario.kubernetes.replicasets.some((r) => r.metadata.name === rs.metadata.name));
    expect(created).toHaveLength(1);
    const rs = created[0]!;
    expect(rs.metadata.name).toMatch(/^checkout-api-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    const hash = rs.metadata.name.slice("checkout-api-".length);
    expect(rs.metadata.labels?.["pod-template-hash"]).toBe(hash);
    expect(rs.spec.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBe("2025-04-03T09:15:42Z");
    expect(revision(rs)).toBe("32");
    expect(revision(deployment())).toBe("32");
    expect(rs.spec.replicas).toBe(6);
    expect(podsOf(rs.metadata.name)).toHaveLength(6);
    expect(replicaSet("checkout-api-lpv4h5bnm").spec.replicas).toBe(0);
    expect(podsOf("checkout-api-lpv4h5bnm")).toHaveLength(0);
    expect(deployment().status).toMatchObject({
      replicas: 6,
      updatedReplicas: 6,
      conditions: [
        { type: "Available", status: "True" },
        {
          type: "Progressing",
          status: "True",
          reason: "NewReplicaSetAvailable",
          message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
        },
      ],
    });
  });

  it("rolls back after a template change: the previous template returns, its ReplicaSet is reused at max+1", async () => {
    await patch({
      type: "strategic",
      body: { spec: { template: { spec: { containers: [{ name, image: "ghcr.io/acme/checkout-api:2.14.1" }] } } } },
    });
    expect(revision(deployment())).toBe("32");
    const broken = replicaSets().find((rs) => revision(rs) === "32")!;
    const original = replicaSet("checkout-api-lpv4h5bnm");

    const plan = rollbackPatch(current(), replicaSets() as unknown as V1ReplicaSet[]);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.replicaSet).toBe("checkout-api-lpv4h5bnm");
    const answered = await patch(plan.patch, "trace-rollback");
    expect(lastWrite().contentType).toBe("application/json-patch+json");
    expect(answered.metadata?.annotations?.["vigil.dev/trace-id"]).toBe("trace-rollback");

    const expected = structuredClone(original.spec.template!);
    delete expected.metadata!.labels!["pod-template-hash"];
    expect(deployment().spec.template).toEqual(expected);
    const reused = replicaSet("checkout-api-lpv4h5bnm");
    expect(reused.metadata.uid).toBe(original.metadata.uid);
    expect(revision(reused)).toBe("33");
    expect(reused.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("31");
    expect(revision(deployment())).toBe("33");
    expect(reused.spec.replicas).toBe(6);
    expect(replicaSet(broken.metadata.name).spec.replicas).toBe(0);
    expect(podsOf(broken.metadata.name)).toHaveLength(0);
    expect(podsOf("checkout-api-lpv4h5bnm")).toHaveLength(6);
    expect(replicaSets()).toHaveLength(3); // no new ReplicaSet for a template seen before
  });

  it("dry-runs: answers the object as it would be and changes nothing", async () => {
    const before = { version: sandbox.store.resourceVersion(), deployment: deployment(), pods: sandbox.store.list("pods", ns) };
    const answered = await patch(scalePatch(current(), 10), "trace-dry", { dryRun: true });
    expect(answered.spec?.replicas).toBe(10);
    expect(answered.metadata?.generation).toBe(45);
    expect(answered.metadata?.annotations?.["vigil.dev/trace-id"]).toBe("trace-dry");
    expect(lastWrite().query).toEqual({ dryRun: "All", fieldManager: "vigil-trace-dry" });
    expect(sandbox.store.resourceVersion()).toBe(before.version);
    expect(deployment()).toEqual(before.deployment);
    expect(sandbox.store.list("pods", ns)).toEqual(before.pods);
  });

  it("writes only against the resourceVersion it was given: a stale one is a conflict", async () => {
    const planned = deployment().metadata.resourceVersion!;
    await patch(scalePatch(current(), 4), "trace-1", { resourceVersion: planned });
    expect(lastWrite().body).toMatchObject({ metadata: { resourceVersion: planned } });

    // `planned` is stale now: both patch shapes fail with 409 and change nothing.
    const version = sandbox.store.resourceVersion();
    const error = await failure(patch(scalePatch(current(), 5), "trace-2", { resourceVersion: planned }));
    expect(error).toBeInstanceOf(ClusterWriteError);
    expect(error).toMatchObject({ kind: "conflict", status: 409, reason: "Conflict" });
    expect(error.message).toBe(
      `PATCH deployments/shop/checkout-api: 409 Conflict: Operation cannot be fulfilled on deployments.apps "checkout-api": the object has been modified; please apply your changes to the latest version and try again`,
    );
    const plan = rollbackPatch(current(), replicaSets() as unknown as V1ReplicaSet[]);
    if (!plan.ok) throw new Error(plan.reason);
    expect(await failure(patch(plan.patch, "trace-3", { resourceVersion: planned }))).toMatchObject({ kind: "conflict", status: 409 });
    expect(sandbox.store.resourceVersion()).toBe(version);
    expect(deployment().spec.replicas).toBe(4);
  });

  it.each([
    [403, "forbidden", "Forbidden"],
    [404, "not_found", "NotFound"],
    [422, "invalid", "Invalid"],
    [500, "server", "InternalError"],
  ] as const)("reports an injected %i as %s and leaves the state as it was", async (status, kind, reason) => {
    const version = sandbox.store.resourceVersion();
    sandbox.injectFault({ method: "PATCH", pathIncludes: `/deployments/${name}`, status });
    const error = await failure(patch(scalePatch(current(), 1)));
    expect(error).toMatchObject({ kind, status, reason, request: "PATCH deployments/shop/checkout-api" });
    expect(error.message).toMatch(new RegExp(`^PATCH deployments/shop/checkout-api: ${status} ${reason}: .+`));
    expect(sandbox.store.resourceVersion()).toBe(version);
    expect(deployment().spec.replicas).toBe(6);
    // The fault was used up: the same write goes through now.
    expect((await patch(scalePatch(current(), 1))).spec?.replicas).toBe(1);
  });

  it("reports the API server's own refusals: a missing Deployment, an invalid result", async () => {
    const missing = await failure(writer.patchDeployment(ns, "nope", scalePatch(current(), 1), { traceId: "t" }));
    expect(missing).toMatchObject({ kind: "not_found", status: 404 });
    expect(missing.message).toBe('PATCH deployments/shop/nope: 404 NotFound: deployments.apps "nope" not found');
    const negative = await failure(patch({ type: "merge", body: { spec: { replicas: -1 } } }));
    expect(negative).toMatchObject({ kind: "invalid", status: 422 });
    expect(negative.message).toBe(
      'PATCH deployments/shop/checkout-api: 422 Invalid: Deployment.apps "checkout-api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it("times out on a hung API server, and on the caller's signal, with the state unchanged", async () => {
    const version = sandbox.store.resourceVersion();
    sandbox.injectFault({ method: "PATCH", hang: true, times: 2 });
    const started = Date.now();
    const error = await failure(patch(scalePatch(current(), 2)));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ kind: "timeout", status: null });
    expect(error.message).toBe("PATCH deployments/shop/checkout-api: no answer within 0.3 s; the change may or may not have been applied");

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(patch(scalePatch(current(), 2), "t", { signal: controller.signal }));
    expect(aborted).toMatchObject({ kind: "timeout", status: null });
    expect(aborted.message).toMatch(/aborted before an answer came/);
    expect(sandbox.store.resourceVersion()).toBe(version);
    expect(deployment().spec.replicas).toBe(6);
  });

  it("reports an unreachable API server as a network error", async () => {
    const stopped = await startSandboxCluster({ state: {} });
    await stopped.stop();
    const offline = createClusterWriter(kubeConfigFrom({ server: stopped.url, token: "t" }));
    const error = await failure(offline.patchDeployment(ns, name, scalePatch(current(), 1), { traceId: "t" }));
    expect(error).toMatchObject({ kind: "network", status: null });
    expect(error.message).toMatch(/^PATCH deployments\/shop\/checkout-api: no answer from the API server: .*ECONNREFUSED/);
  });

  it("adds the annotations map for a JSON patch on a Deployment that has none, guarded by the version it read", async () => {
    const bare = structuredClone(deployment());
    delete bare.metadata.annotations;
    sandbox.setState({ ...scenario.kubernetes, deployments: [bare] });
    const version = deployment().metadata.resourceVersion;
    const answered = await patch({ type: "json", body: [{ op: "replace", path: "/spec/replicas", value: 2 }] }, "trace-bare");
    expect(answered.metadata?.annotations).toMatchObject({ "vigil.dev/trace-id": "trace-bare" });
    expect(sandbox.requests.at(-2)).toMatchObject({ method: "GET", path: `/apis/apps/v1/namespaces/${ns}/deployments/${name}` });
    expect(lastWrite().body).toEqual([
      { op: "replace", path: "/metadata/resourceVersion", value: version },
      { op: "add", path: "/metadata/annotations", value: {} },
      { op: "replace", path: "/spec/replicas", value: 2 },
      { op: "add", path: "/metadata/annotations/vigil.dev~1trace-id", value: "trace-bare" },
    ]);
  });
});
