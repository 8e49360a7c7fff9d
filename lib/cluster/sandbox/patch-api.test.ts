// The sandbox's PATCH over raw HTTP, independent of any client: the Status answers a real API
// server gives to each kind of bad write, dry runs, managedFields, and injected faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1" }] } };
const state = {
  deployments: [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "shop",
        uid: "d-1",
        resourceVersion: "40",
        generation: 3,
        annotations: { "deployment.kubernetes.io/revision": "1" },
      },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template },
    },
  ],
};
const path = "/apis/apps/v1/namespaces/shop/deployments/web";
const merge = "application/merge-patch+json";

describe("sandbox cluster PATCH", () => {
  let sandbox: SandboxCluster;
  const send = async (body: unknown, options: { type?: string; query?: string; target?: string; token?: string } = {}) => {
    const response = await fetch(`${sandbox.url}${options.target ?? path}${options.query ?? ""}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${options.token ?? sandbox.token}`,
        "content-type": options.type ?? merge,
        "user-agent": "curl/8.5.0",
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { code: response.status, body: await response.json() };
  };
  const stored = () => sandbox.store.get("deployments", "shop", "web")!;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ state });
  });
  beforeEach(() => {
    sandbox.setState(state);
    sandbox.clearFaults();
  });
  afterAll(() => sandbox.stop());

  it("applies a merge patch, bumps resourceVersion and generation, and names the client in managedFields", async () => {
    const before = Number(sandbox.store.resourceVersion());
    const { code, body } = await send({ spec: { replicas: 3 } });
    expect(code).toBe(200);
    expect(body).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", spec: { replicas: 3 }, metadata: { generation: 4 } });
    expect(Number(body.metadata.resourceVersion)).toBe(before + 1);
    expect(body.metadata.managedFields).toEqual([expect.objectContaining({ manager: "curl", operation: "Update", apiVersion: "apps/v1" })]);
    // The controller ran after the write: a ReplicaSet and its pods now exist.
    expect(sandbox.store.list("replicasets", "shop")).toHaveLength(1);
    expect(sandbox.store.list("pods", "shop")).toHaveLength(3);
    expect(Number(sandbox.store.resourceVersion())).toBeGreaterThan(before + 1);
  });

  it("writes nothing for a patch that changes nothing", async () => {
    const version = sandbox.store.resourceVersion();
    const { code, body } = await send({ spec: { replicas: 2 } });
    expect(code).toBe(200);
    expect(body.metadata.resourceVersion).toBe("40");
    expect(sandbox.store.resourceVersion()).toBe(version);
  });

  it("answers 415 for a content type it does not patch with", async () => {
    const { code, body } = await send({ spec: { replicas: 3 } }, { type: "application/json" });
    expect(code).toBe(415);
    expect(body).toMatchObject({
      reason: "UnsupportedMediaType",
      message: expect.stringContaining("application/strategic-merge-patch+json"),
    });
  });

  it("answers 405 for resources it keeps read-only and 404 for unknown paths", async () => {
    expect((await send({}, { target: "/api/v1/namespaces/shop/pods/x" })).code).toBe(405);
    expect((await send({}, { target: "/apis/apps/v1/namespaces/shop/deployments" })).code).toBe(405);
    expect((await send({}, { target: "/apis/apps/v1/namespaces/shop/widgets/x" })).code).toBe(404);
  });

  it("refuses bad patch documents with 400, and a JSON patch that does not apply with the server's bare 422", async () => {
    expect(await send("{not json")).toMatchObject({
      code: 400,
      body: { reason: "BadRequest", message: expect.stringMatching(/^error decoding patch/) },
    });
    expect((await send({ op: "add" }, { type: "application/json-patch+json" })).code).toBe(400);
    const test = await send([{ op: "test", path: "/metadata/resourceVersion", value: "1" }], { type: "application/json-patch+json" });
    expect(test).toEqual({
      code: 422,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "the server rejected our request due to an error in our request",
        reason: "Invalid",
        details: {},
        code: 422,
      },
    });
  });

  it("answers 409 Conflict when the patched resourceVersion is not the stored one", async () => {
    const { code, body } = await send({ metadata: { resourceVersion: "39" }, spec: { replicas: 1 } });
    expect(code).toBe(409);
    expect(body).toMatchObject({ reason: "Conflict", details: { name: "web", group: "apps", kind: "deployments" } });
    expect((await send({ metadata: { resourceVersion: "40" }, spec: { replicas: 1 } })).code).toBe(200);
  });

  it("answers 422 Invalid with a cause per field", async () => {
    const { code, body } = await send({ spec: { replicas: -2, template: { metadata: { labels: { app: "other" } } } } });
    expect(code).toBe(422);
    expect(body).toMatchObject({
      reason: "Invalid",
      message:
        'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -2: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`]',
      details: {
        name: "web",
        group: "apps",
        kind: "Deployment",
        causes: [
          { reason: "FieldValueInvalid", field: "spec.replicas", message: "Invalid value: -2: must be greater than or equal to 0" },
          { reason: "FieldValueInvalid", field: "spec.template.metadata.labels", message: expect.stringContaining("does not match") },
        ],
      },
    });
    expect(stored().metadata.resourceVersion).toBe("40");
  });

  it("validates dryRun and fieldManager, and stores nothing on a dry run", async () => {
    expect(await send({ spec: { replicas: 3 } }, { query: "?dryRun=Some" })).toMatchObject({
      code: 422,
      body: { message: 'PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"' },
    });
    expect((await send({ spec: { replicas: 3 } }, { query: `?fieldManager=${"m".repeat(129)}` })).code).toBe(422);
    const version = sandbox.store.resourceVersion();
    const dry = await send({ spec: { replicas: 3 } }, { query: "?dryRun=All&fieldManager=vigil-t" });
    expect(dry.body).toMatchObject({ spec: { replicas: 3 }, metadata: { resourceVersion: "40", generation: 4 } });
    expect(dry.body.metadata.managedFields[0].manager).toBe("vigil-t");
    expect(sandbox.store.resourceVersion()).toBe(version);
    expect(sandbox.store.list("pods", "shop")).toEqual([]);
  });

  it("authenticates before faults, and applies a fault to the matching requests only, as many times as asked", async () => {
    sandbox.injectFault({ method: "PATCH", pathIncludes: "/deployments/web", status: 503, times: 2 });
    expect((await send({}, { token: "wrong" })).code).toBe(401);
    expect((await fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${sandbox.token}` } })).status).toBe(200);
    expect(await send({ spec: { replicas: 3 } })).toMatchObject({
      code: 503,
      body: { kind: "Status", reason: "ServiceUnavailable", code: 503 },
    });
    expect((await send({ spec: { replicas: 3 } })).code).toBe(503);
    expect((await send({ spec: { replicas: 3 } })).code).toBe(200);
    expect(() => sandbox.injectFault({ method: "PATCH" })).toThrow(/status or hang/);
  });

  it("records what a write sent: content type, query and body", async () => {
    await send({ spec: { replicas: 1 } }, { query: "?fieldManager=vigil-x" });
    await send("{not json");
    const writes = sandbox.requests.filter((r) => r.method === "PATCH").slice(-2);
    expect(writes).toEqual([
      {
        method: "PATCH",
        path: `${path}?fieldManager=vigil-x`,
        userAgent: "curl/8.5.0",
        contentType: merge,
        query: { fieldManager: "vigil-x" },
        body: { spec: { replicas: 1 } },
      },
      expect.objectContaining({ body: "{not json" }),
    ]);
  });
});
