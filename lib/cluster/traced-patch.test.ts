// The trace id and resourceVersion the writer adds to every patch, per patch type.
import { describe, expect, it } from "vitest";
import { applyPatchLocally } from "@/lib/cluster/patch";
import { fieldManagerFor, tracedPatch } from "@/lib/cluster/traced-patch";

const deployment = { metadata: { name: "web", resourceVersion: "7", annotations: { keep: "me" } }, spec: { replicas: 2 } };

describe("tracedPatch", () => {
  it("adds the annotation and resourceVersion to merge and strategic bodies, keeping theirs", () => {
    const patch = tracedPatch(
      { type: "strategic", body: { metadata: { annotations: { other: "x" } }, spec: { replicas: 3 } } },
      { traceId: "t1", resourceVersion: "7" },
    );
    expect(patch).toEqual({
      type: "strategic",
      body: { metadata: { annotations: { other: "x", "vigil.dev/trace-id": "t1" }, resourceVersion: "7" }, spec: { replicas: 3 } },
    });
    expect(tracedPatch({ type: "merge", body: { spec: { replicas: 1 } } }, { traceId: "t2" })).toEqual({
      type: "merge",
      body: { spec: { replicas: 1 }, metadata: { annotations: { "vigil.dev/trace-id": "t2" } } },
    });
  });

  it("appends the annotation to a JSON patch after any wholesale annotations replace, and guards with resourceVersion first", () => {
    const patch = tracedPatch(
      { type: "json", body: [{ op: "replace", path: "/metadata/annotations", value: { a: "1" } }] },
      { traceId: "t3", resourceVersion: "7" },
    );
    expect(patch.body).toEqual([
      { op: "replace", path: "/metadata/resourceVersion", value: "7" },
      { op: "replace", path: "/metadata/annotations", value: { a: "1" } },
      { op: "add", path: "/metadata/annotations/vigil.dev~1trace-id", value: "t3" },
    ]);
    expect(applyPatchLocally(deployment, patch).metadata).toEqual({
      name: "web",
      resourceVersion: "7",
      annotations: { a: "1", "vigil.dev/trace-id": "t3" },
    });
  });

  it("creates the annotations map first when the Deployment has none", () => {
    const bare = { metadata: { name: "web", resourceVersion: "7" }, spec: { replicas: 2 } };
    const patch = tracedPatch(
      { type: "json", body: [{ op: "replace", path: "/spec/replicas", value: 1 }] },
      { traceId: "t4", annotationsAbsent: true },
    );
    expect((patch.body as unknown[])[0]).toEqual({ op: "add", path: "/metadata/annotations", value: {} });
    expect(applyPatchLocally(bare, patch)).toEqual({
      metadata: { name: "web", resourceVersion: "7", annotations: { "vigil.dev/trace-id": "t4" } },
      spec: { replicas: 1 },
    });
  });
});

describe("fieldManagerFor", () => {
  it("prefixes vigil- and stays within the API server's 128 characters", () => {
    expect(fieldManagerFor("4bf92f3577b34da6a3ce929d0e0e4736")).toBe("vigil-4bf92f3577b34da6a3ce929d0e0e4736");
    expect(fieldManagerFor("x".repeat(300))).toHaveLength(128);
    expect(() => fieldManagerFor("")).toThrow(/printable/);
    expect(() => fieldManagerFor("a b")).toThrow(/printable/);
  });
});
