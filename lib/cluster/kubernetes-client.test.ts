// How the reader behaves at the edges, through the real client against the sandbox: 404 → null,
// 401 and other failures → ClusterApiError naming the call and status, the User-Agent it sends,
// and the ways kubeConfigFrom builds a KubeConfig.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterApiError } from "@/lib/cluster/api-error";
import { createClusterReader, kubeConfigFrom, userAgent } from "@/lib/cluster/kubernetes";
import type { ClusterReader } from "@/lib/cluster/port";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
const pod = "checkout-api-lpv4h5bnm-4xkq9";

describe("cluster reader against the sandbox", () => {
  let sandbox: SandboxCluster;
  let reader: ClusterReader;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ state: scenario.kubernetes, logs: scenario.logs });
    reader = createClusterReader(kubeConfigFrom({ server: sandbox.url, token: sandbox.token }));
  });
  afterAll(() => sandbox.stop());

  it("answers null for objects that do not exist", async () => {
    expect(await reader.getDeployment("shop", "no-such-deployment")).toBeNull();
    expect(await reader.getDeployment("no-such-namespace", "checkout-api")).toBeNull();
    expect(await reader.getStatefulSet("shop", "checkout-api")).toBeNull();
    expect(await reader.getNode("ip-10-0-0-1.eu-west-1.compute.internal")).toBeNull();
    expect(await reader.readPodLog("shop", "no-such-pod", "checkout-api")).toBeNull();
    expect(await reader.readPodLog("shop", pod, "no-such-container")).toBeNull();
    expect(await reader.listPods("no-such-namespace")).toEqual([]);
  });

  it("returns null for a previous log of a container that never restarted, and the text when asked for the current one", async () => {
    expect(await reader.readPodLog("shop", pod, "checkout-api", { previous: true })).toBeNull();
    const current = scenario.logs[`shop/${pod}/checkout-api`]!;
    expect(await reader.readPodLog("shop", pod, "checkout-api")).toBe(current);
    const lastTwo = current.trimEnd().split("\n").slice(-2).join("\n");
    expect((await reader.readPodLog("shop", pod, "checkout-api", { tailLines: 2 }))?.trimEnd()).toBe(lastTwo);
    expect(await reader.readPodLog("shop", pod, "checkout-api", { limitBytes: 40 })).toBe(current.slice(0, 40));
  });

  it("sends its own User-Agent on every request (makeApiClient alone would send node-fetch's)", async () => {
    const before = sandbox.requests.length;
    await reader.listPods("shop", "app.kubernetes.io/name=checkout-api");
    await reader.readPodLog("shop", pod, "checkout-api", { previous: true });
    const sent = sandbox.requests.slice(before);
    expect(sent.map((r) => r.userAgent)).toEqual([userAgent, userAgent]);
    // How the client encodes a selector and the log options on the wire.
    expect(sent.map((r) => r.path)).toEqual([
      "/api/v1/namespaces/shop/pods?labelSelector=app.kubernetes.io%2Fname%3Dcheckout-api",
      `/api/v1/namespaces/shop/pods/${pod}/log?container=checkout-api&previous=true`,
    ]);

    await kubeConfigFrom({ server: sandbox.url, token: sandbox.token }).makeApiClient(CoreV1Api).listNamespacedPod({ namespace: "shop" });
    expect(sandbox.requests.at(-1)?.userAgent).toMatch(/^node-fetch\//);
  });

  it("turns a 401 into a ClusterApiError naming the call and the status", async () => {
    for (const token of ["wrong-token", undefined]) {
      const unauthorized = createClusterReader(kubeConfigFrom({ server: sandbox.url, token }));
      const error = await unauthorized.getDeployment("shop", "checkout-api").catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ClusterApiError);
      expect(error).toMatchObject({ status: 401, reason: "Unauthorized", call: "readNamespacedDeployment shop/checkout-api" });
      expect((error as Error).message).toBe("Kubernetes readNamespacedDeployment shop/checkout-api failed: HTTP 401 Unauthorized");
    }
  });

  it("rethrows other API errors with the Status message", async () => {
    const error = await reader.listEvents("shop", "involvedObject.colour=red").catch((err: unknown) => err);
    expect(error).toMatchObject({ status: 400, reason: "BadRequest", statusMessage: "field label not supported: involvedObject.colour" });
    expect((error as Error).message).toBe(
      "Kubernetes listNamespacedEvent shop failed: HTTP 400 BadRequest: field label not supported: involvedObject.colour",
    );
    await expect(reader.listPods("shop", "app in ()")).rejects.toThrow(
      /listNamespacedPod shop failed: HTTP 400 BadRequest: unable to parse requirement/,
    );
    await expect(reader.readPodLog("shop", pod, "checkout-api", { tailLines: -1 })).rejects.toThrow(/HTTP 400 BadRequest: tailLines/);
  });

  it("reports an unreachable server as a ClusterApiError without a status", async () => {
    const stopped = await startSandboxCluster({ state: {} });
    await stopped.stop();
    const error = await createClusterReader(kubeConfigFrom({ server: stopped.url, token: "t" }))
      .listPods("shop")
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ClusterApiError);
    expect((error as ClusterApiError).status).toBeUndefined();
    expect((error as Error).message).toMatch(/^Kubernetes listNamespacedPod shop failed: no answer: .*ECONNREFUSED/);
  });
});

describe("kubeConfigFrom", () => {
  it("builds a token config for an explicit server, skipping TLS checks only for plain http", () => {
    const plain = kubeConfigFrom({ server: "http://127.0.0.1:8001", token: "abc" });
    expect(plain.getCurrentCluster()).toMatchObject({ server: "http://127.0.0.1:8001", skipTLSVerify: true });
    expect(plain.getCurrentUser()).toMatchObject({ token: "abc" });
    expect(kubeConfigFrom({ server: "https://k8s.example:6443", token: "abc" }).getCurrentCluster()?.skipTLSVerify).toBe(false);
  });

  it("loads a kubeconfig file and reads through it", async () => {
    const sandbox = await startSandboxCluster({ state: scenario.kubernetes });
    try {
      const file = path.join(mkdtempSync(path.join(tmpdir(), "vigil-kubeconfig-")), "config");
      writeFileSync(
        file,
        `apiVersion: v1
kind: Config
clusters: [{ name: sandbox, cluster: { server: "${sandbox.url}", insecure-skip-tls-verify: true } }]
users: [{ name: vigil, user: { token: "${sandbox.token}" } }]
contexts: [{ name: sandbox, context: { cluster: sandbox, user: vigil } }]
current-context: sandbox
`,
      );
      const reader = createClusterReader(kubeConfigFrom({ kubeconfigPath: file }));
      expect((await reader.getDeployment("shop", "checkout-api"))?.metadata?.name).toBe("checkout-api");
    } finally {
      await sandbox.stop();
    }
  });

  it("insists on exactly one source", () => {
    expect(() => kubeConfigFrom({})).toThrow(/exactly one of/);
    expect(() => kubeConfigFrom({ inCluster: true, server: "http://127.0.0.1:1" })).toThrow(/exactly one of/);
    expect(() => kubeConfigFrom({ kubeconfigPath: "/x", token: "t" })).toThrow(/token goes with a server/);
  });
});
