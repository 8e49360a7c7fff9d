// The sandbox's deployment controller on the store directly: rollouts and scales, the pod
// health hook, which pods go first on a scale-down, and the names it generates.
import { describe, expect, it } from "vitest";
import { syncDeployment } from "@/lib/cluster/sandbox/controller";
import { podTemplateHash } from "@/lib/cluster/sandbox/names";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";
import { createClusterStore } from "@/lib/cluster/sandbox/store";

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1" }] } };
const deployment = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop", uid: "d-1", resourceVersion: "5", generation: 1 },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template },
});
const now = () => new Date("2025-04-03T09:00:00Z");
type Status = { phase?: string; conditions?: { type: string; status: string; reason?: string }[] };

describe("sandbox deployment controller", () => {
  it("creates the first ReplicaSet at revision 1, with pods on the cluster's nodes", () => {
    const store = createClusterStore({
      deployments: [deployment(3)],
      nodes: [{ metadata: { name: "node-a" } }, { metadata: { name: "node-b" } }],
    });
    syncDeployment(store, "shop", "web", true, { now });
    const [rs] = store.list("replicasets", "shop");
    const hash = podTemplateHash(template);
    expect(rs!.metadata).toMatchObject({
      name: `web-${hash}`,
      labels: { app: "web", "pod-template-hash": hash },
      annotations: {
        "deployment.kubernetes.io/revision": "1",
        "deployment.kubernetes.io/desired-replicas": "3",
        "deployment.kubernetes.io/max-replicas": "4",
      },
      ownerReferences: [{ kind: "Deployment", name: "web", uid: "d-1", controller: true }],
    });
    expect(rs!.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": hash } } });
    const pods = store.list("pods", "shop");
    expect(pods.map((pod) => (pod.spec as { nodeName?: string }).nodeName)).toEqual(["node-a", "node-b", "node-a"]);
    expect(store.get("deployments", "shop", "web")!.metadata).toMatchObject({ annotations: { "deployment.kubernetes.io/revision": "1" } });
    expect(store.get("deployments", "shop", "web")!.status).toMatchObject({ replicas: 3, readyReplicas: 3, observedGeneration: 1 });
  });

  it("brings pods up as the health hook says, and reports the rollout as not available", () => {
    const store = createClusterStore({ deployments: [deployment(2)] });
    syncDeployment(store, "shop", "web", true, { now, podHealth: () => ({ crashloop: { exitCode: 1 } }) });
    const pod = store.list("pods", "shop")[0]!;
    expect(pod.status).toMatchObject({
      phase: "Running",
      containerStatuses: [
        { ready: false, restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1 } } },
      ],
    });
    const status = store.get("deployments", "shop", "web")!.status as Status & { readyReplicas: number };
    expect(status.readyReplicas).toBe(0);
    expect(status.conditions).toMatchObject([
      { type: "Available", status: "False", reason: "MinimumReplicasUnavailable" },
      { type: "Progressing", status: "True", reason: "ReplicaSetUpdated" },
    ]);

    const pulling = createClusterStore({ deployments: [deployment(1)] });
    syncDeployment(pulling, "shop", "web", true, { now, podHealth: () => ({ waiting: "ImagePullBackOff" }) });
    expect(pulling.list("pods", "shop")[0]!.status).toMatchObject({
      phase: "Pending",
      containerStatuses: [{ state: { waiting: { reason: "ImagePullBackOff" } } }],
    });
  });

  it("scales down unready pods first, and leaves everything alone when nothing changed", () => {
    const store = createClusterStore({ deployments: [deployment(3)] });
    syncDeployment(store, "shop", "web", true, { now });
    const [first] = store.list("pods", "shop");
    store.put("pods", { ...first!, status: { phase: "Pending", conditions: [] } } as KubeObject);
    store.put("deployments", { ...store.get("deployments", "shop", "web")!, spec: { ...deployment(2).spec } });
    syncDeployment(store, "shop", "web", false, { now });
    const left = store.list("pods", "shop").map((pod) => pod.metadata.name);
    expect(left).toHaveLength(2);
    expect(left).not.toContain(first!.metadata.name);

    const version = store.resourceVersion();
    syncDeployment(store, "shop", "web", false, { now });
    expect(store.resourceVersion()).toBe(version);
  });

  it("hashes a template the same way every time, into Kubernetes' alphabet", () => {
    expect(podTemplateHash(template)).toBe(podTemplateHash(structuredClone(template)));
    expect(podTemplateHash(template)).not.toBe(podTemplateHash(template, 1));
    expect(podTemplateHash(template)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});
