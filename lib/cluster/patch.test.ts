// The three patch types as the API server applies them: the sandbox answers PATCH with this
// code, so these cases are the contract the real writer is tested against.
import { describe, expect, it } from "vitest";
import { applyJsonPatch, applyMergePatch, applyPatchLocally, applyStrategicMergePatch, jsonEqual, PatchError } from "@/lib/cluster/patch";

const deployment = () => ({
  metadata: { name: "web", resourceVersion: "7", annotations: { a: "1", b: "2" } },
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image: "web:1",
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "2" },
            ],
          },
          { name: "proxy", image: "envoy:1" },
        ],
        tolerations: [{ key: "x" }],
      },
    },
  },
});

describe("JSON merge patch (RFC 7386)", () => {
  it("merges maps, replaces lists and scalars, and deletes keys set to null", () => {
    const result = applyMergePatch(deployment(), { metadata: { annotations: { a: null, c: "3" } }, spec: { replicas: 5 } });
    expect(result).toMatchObject({ metadata: { annotations: { b: "2", c: "3" } }, spec: { replicas: 5 } });
    expect((result as ReturnType<typeof deployment>).metadata.annotations).not.toHaveProperty("a");
    const lists = applyMergePatch(deployment(), { spec: { template: { spec: { containers: [{ name: "only" }] } } } });
    expect((lists as ReturnType<typeof deployment>).spec.template.spec.containers).toEqual([{ name: "only" }]);
  });

  it("follows the RFC's examples at the edges", () => {
    expect(applyMergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(applyMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch(["a", "b"], ["c", "d"])).toEqual(["c", "d"]);
    expect(applyMergePatch({ a: "foo" }, "bar")).toBe("bar");
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
});

describe("strategic merge patch", () => {
  it("merges containers and env by name, keeps the others, appends new ones", () => {
    const result = applyStrategicMergePatch(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "web",
                image: "web:2",
                env: [
                  { name: "B", value: "3" },
                  { name: "C", value: "4" },
                ],
              },
            ],
          },
        },
      },
    }) as ReturnType<typeof deployment>;
    expect(result.spec.template.spec.containers).toEqual([
      {
        name: "web",
        image: "web:2",
        env: [
          { name: "A", value: "1" },
          { name: "B", value: "3" },
          { name: "C", value: "4" },
        ],
      },
      { name: "proxy", image: "envoy:1" },
    ]);
  });

  it("deletes a keyed element with $patch: delete and a key with null; replaces lists without a merge key", () => {
    const result = applyStrategicMergePatch(deployment(), {
      metadata: { annotations: { a: null } },
      spec: { template: { spec: { containers: [{ name: "proxy", $patch: "delete" }], tolerations: [{ key: "y" }] } } },
    }) as ReturnType<typeof deployment>;
    expect(result.spec.template.spec.containers.map((c) => c.name)).toEqual(["web"]);
    expect(result.spec.template.spec.tolerations).toEqual([{ key: "y" }]);
    expect(result.metadata.annotations).toEqual({ b: "2" });
  });

  it("adds the restartedAt annotation to a template that has none", () => {
    const result = applyStrategicMergePatch(deployment(), {
      spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z" } } } },
    }) as ReturnType<typeof deployment> & { spec: { template: { metadata: { annotations: object } } } };
    expect(result.spec.template.metadata).toEqual({
      labels: { app: "web" },
      annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z" },
    });
  });

  it("rejects directives it does not implement rather than misapplying them", () => {
    expect(() => applyStrategicMergePatch(deployment(), { spec: { $retainKeys: ["replicas"] } })).toThrow(PatchError);
    expect(() => applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ image: "x" }] } } } })).toThrow(
      /merge key name/,
    );
  });
});

describe("JSON patch (RFC 6902)", () => {
  it("adds, replaces, removes and tests, with ~1 for / in keys", () => {
    const result = applyJsonPatch(deployment(), [
      { op: "test", path: "/metadata/resourceVersion", value: "7" },
      { op: "add", path: "/metadata/annotations/vigil.dev~1trace-id", value: "t1" },
      { op: "remove", path: "/metadata/annotations/a" },
      { op: "replace", path: "/spec/replicas", value: 4 },
      { op: "add", path: "/spec/template/spec/containers/-", value: { name: "sidecar" } },
      { op: "add", path: "/spec/template/spec/containers/0/env/0", value: { name: "Z", value: "0" } },
    ]) as ReturnType<typeof deployment>;
    expect(result.metadata.annotations).toEqual({ b: "2", "vigil.dev/trace-id": "t1" });
    expect(result.spec.replicas).toBe(4);
    expect(result.spec.template.spec.containers.map((c) => c.name)).toEqual(["web", "proxy", "sidecar"]);
    expect(result.spec.template.spec.containers[0]!.env!.map((e) => e.name)).toEqual(["Z", "A", "B"]);
  });

  it("fails a test op that does not match, leaving the target untouched", () => {
    const target = deployment();
    const error = (() => {
      try {
        applyJsonPatch(target, [
          { op: "replace", path: "/spec/replicas", value: 9 },
          { op: "test", path: "/metadata/resourceVersion", value: "6" },
        ]);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({ kind: "failed", message: "testing value /metadata/resourceVersion failed" });
    expect(target).toEqual(deployment());
  });

  it("fails ops on paths that do not exist, and rejects documents that are not patches", () => {
    const missing = [
      { op: "add", path: "/metadata/labels/x", value: "1" },
      { op: "replace", path: "/spec/paused", value: true },
      { op: "remove", path: "/metadata/annotations/nope" },
      { op: "replace", path: "/spec/template/spec/containers/5", value: {} },
    ];
    for (const op of missing)
      expect(() => applyJsonPatch(deployment(), [op]), op.path).toThrow(expect.objectContaining({ kind: "failed" }));
    for (const bad of [
      { op: "add" },
      [{ op: "move", path: "/a", from: "/b" }],
      [{ op: "add", path: "a", value: 1 }],
      [{ op: "add", path: "/a" }],
    ]) {
      expect(() => applyJsonPatch(deployment(), bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ kind: "malformed" }));
    }
  });
});

describe("applyPatchLocally", () => {
  it("applies each patch type to a copy, as plain JSON", () => {
    const created = new Date("2025-04-02T15:52:10Z");
    const target = { ...deployment(), metadata: { ...deployment().metadata, creationTimestamp: created } };
    const merged = applyPatchLocally(target, { type: "merge", body: { spec: { replicas: 1 } } });
    expect(merged.spec.replicas).toBe(1);
    expect(merged.metadata.creationTimestamp).toBe("2025-04-02T15:52:10.000Z");
    expect(target.spec.replicas).toBe(2);
    expect(applyPatchLocally(target, { type: "json", body: [{ op: "replace", path: "/spec/replicas", value: 3 }] }).spec.replicas).toBe(3);
    expect(applyPatchLocally(target, { type: "strategic", body: { spec: { replicas: 4 } } }).spec.replicas).toBe(4);
    expect(() => applyPatchLocally(target, { type: "merge", body: [] })).toThrow(/merge patch is a JSON object/);
  });

  it("compares JSON values regardless of key order", () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
