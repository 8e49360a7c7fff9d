// The sandbox API server over raw HTTP: the wire shapes (List objects, Status failures,
// text/plain logs) a real API server answers with, independent of any client library.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";

const pod = (name: string, extra: { spec?: object; status?: object; labels?: Record<string, string> } = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "shop", resourceVersion: "41", labels: extra.labels ?? { app: "web" } },
  spec: { nodeName: "node-a", containers: [{ name: "web" }], ...extra.spec },
  status: { containerStatuses: [{ name: "web", state: { running: {} }, lastState: {} }], ...extra.status },
});

const state = {
  deployments: [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop", resourceVersion: "40" },
      spec: { replicas: 2 },
    },
  ],
  pods: [
    pod("web-1"),
    pod("web-2", { labels: { app: "web", track: "canary" }, spec: { nodeName: "node-b" } }),
    pod("two-containers", { spec: { containers: [{ name: "app" }, { name: "proxy" }] }, status: { containerStatuses: [] } }),
    pod("pull-fails", {
      status: { containerStatuses: [{ name: "web", state: { waiting: { reason: "ImagePullBackOff" } }, lastState: {} }] },
    }),
    pod("unscheduled", { spec: { nodeName: undefined }, status: { containerStatuses: [] } }),
  ],
  nodes: [{ apiVersion: "v1", kind: "Node", metadata: { name: "node-a", resourceVersion: "7" } }],
};
const logs = { "shop/web-1/web": "one\ntwo\nthree\n", "shop/web-1/web#previous": "crashed\n" };

describe("sandbox cluster HTTP API", () => {
  let sandbox: SandboxCluster;
  const get = (path: string, token: string | null = sandbox.token, method = "GET") =>
    fetch(sandbox.url + path, { method, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const json = async (path: string) => {
    const response = await get(path);
    return { code: response.status, type: response.headers.get("content-type"), body: await response.json() };
  };

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ state, logs });
  });
  afterAll(() => sandbox.stop());

  it("refuses requests without the bearer token with a 401 Status", async () => {
    for (const token of [null, "wrong"]) {
      const response = await get("/api/v1/namespaces/shop/pods", token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      });
    }
  });

  it("answers lists as List objects with a resourceVersion above every item's", async () => {
    const pods = await json("/api/v1/namespaces/shop/pods");
    expect(pods.code).toBe(200);
    expect(pods.type).toBe("application/json");
    expect(pods.body).toMatchObject({ apiVersion: "v1", kind: "PodList", metadata: { resourceVersion: "42" } });
    expect(pods.body.items).toHaveLength(5);
    expect((await json("/apis/apps/v1/namespaces/shop/deployments")).body).toMatchObject({ apiVersion: "apps/v1", kind: "DeploymentList" });
    // Kinds the scenario has none of are empty lists, as on a cluster with none of them.
    const hpas = (await json("/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers")).body;
    expect(hpas).toMatchObject({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscalerList", items: [] });
    expect((await json("/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies")).body.kind).toBe("NetworkPolicyList");
    expect((await json("/api/v1/pods")).body.items).toHaveLength(5);
  });

  it("filters lists by label and field selectors, and rejects bad ones with 400", async () => {
    const names = async (path: string) => (await json(path)).body.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(await names("/api/v1/namespaces/shop/pods?labelSelector=" + encodeURIComponent("app=web,track in (canary)"))).toEqual(["web-2"]);
    expect(await names("/api/v1/namespaces/shop/pods?labelSelector=" + encodeURIComponent("!track"))).toHaveLength(4);
    expect(await names("/api/v1/namespaces/shop/pods?fieldSelector=spec.nodeName%3Dnode-b")).toEqual(["web-2"]);
    const bad = await json("/api/v1/namespaces/shop/pods?labelSelector=" + encodeURIComponent("app in ()"));
    expect(bad).toMatchObject({ code: 400, body: { kind: "Status", reason: "BadRequest", code: 400 } });
    const unsupported = await json("/api/v1/namespaces/shop/events?fieldSelector=spec.nodeName%3Dx");
    expect(unsupported.body).toMatchObject({ code: 400, message: "field label not supported: spec.nodeName" });
  });

  it("gets one object, with the API server's 404 Status when it does not exist", async () => {
    expect((await json("/apis/apps/v1/namespaces/shop/deployments/web")).body).toMatchObject({ kind: "Deployment", spec: { replicas: 2 } });
    expect((await json("/api/v1/nodes/node-a")).body).toMatchObject({ kind: "Node", metadata: { name: "node-a" } });
    expect(await json("/apis/apps/v1/namespaces/shop/deployments/nope")).toEqual({
      code: 404,
      type: "application/json",
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: 'deployments.apps "nope" not found',
        reason: "NotFound",
        details: { name: "nope", group: "apps", kind: "deployments" },
        code: 404,
      },
    });
    expect((await json("/api/v1/nodes/nope")).body.message).toBe('nodes "nope" not found');
  });

  it.each([
    "/",
    "/api/v1/namespaces/shop/secrets",
    "/apis/apps/v2/namespaces/shop/deployments",
    "/api/v1/namespaces/shop/nodes/node-a",
    "/apis/apps/v1/deployments/web",
    "/api/v1/namespaces/shop/pods/web-1/exec",
  ])("answers the unknown path %s with a 404 Status", async (path) => {
    expect(await json(path)).toMatchObject({
      code: 404,
      body: { kind: "Status", reason: "NotFound", message: "the server could not find the requested resource" },
    });
  });

  it("serves container logs as text/plain, with tailLines and limitBytes", async () => {
    const log = async (query: string) => {
      const response = await get(`/api/v1/namespaces/shop/pods/${query}`);
      return { code: response.status, type: response.headers.get("content-type"), text: await response.text() };
    };
    expect(await log("web-1/log?container=web")).toEqual({ code: 200, type: "text/plain", text: "one\ntwo\nthree\n" });
    expect((await log("web-1/log")).text).toBe("one\ntwo\nthree\n"); // the only container is the default
    expect((await log("web-1/log?container=web&previous=true")).text).toBe("crashed\n");
    expect((await log("web-1/log?container=web&tailLines=2")).text).toBe("two\nthree\n");
    expect((await log("web-1/log?container=web&tailLines=2&limitBytes=5")).text).toBe("two\nt");
    expect((await log("unscheduled/log?container=web")).text).toBe("");
  });

  it("answers log requests that have no log with the API server's 400s and 404s", async () => {
    const failure = async (path: string) => (await json(`/api/v1/namespaces/shop/pods/${path}`)).body;
    expect(await failure("web-2/log?container=web&previous=true")).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message: 'previous terminated container "web" in pod "web-2" not found',
    });
    expect((await failure("web-1/log?container=nope")).message).toBe("container nope is not valid for pod web-1");
    expect((await failure("two-containers/log")).message).toBe(
      "a container name must be specified for pod two-containers, choose one of: [app proxy]",
    );
    expect((await failure("pull-fails/log?container=web")).message).toBe(
      'container "web" in pod "pull-fails" is waiting to start: trying and failing to pull image',
    );
    expect(await failure("ghost/log?container=web")).toMatchObject({ code: 404, message: 'pods "ghost" not found' });
  });

  it("answers methods other than GET and PATCH with 405, watches with 400", async () => {
    const response = await get("/apis/apps/v1/namespaces/shop/deployments/web", sandbox.token, "DELETE");
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ kind: "Status", reason: "MethodNotAllowed", code: 405 });
    expect((await json("/api/v1/namespaces/shop/pods?watch=true")).code).toBe(400);
  });

  it("hands out copies, and swaps in a new state with a higher resourceVersion", async () => {
    sandbox.store.get("deployments", "shop", "web")!.metadata.name = "changed";
    expect((await json("/apis/apps/v1/namespaces/shop/deployments/web")).code).toBe(200);

    const before = Number(sandbox.store.resourceVersion());
    sandbox.setState({ deployments: [] });
    expect((await json("/apis/apps/v1/namespaces/shop/deployments/web")).code).toBe(404);
    expect(Number((await json("/api/v1/namespaces/shop/pods")).body.metadata.resourceVersion)).toBeGreaterThan(before);
    sandbox.setState(state, logs);
  });
});
