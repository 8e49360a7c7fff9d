// The renderer behind k8s/manifests.test.ts does what kustomize does for the features the
// manifests use, and refuses the ones it does not implement.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { kustomize, podSpecOf, type K8sObject } from "./kustomize";
import { applyJsonPatch, strategicMerge } from "./patch";

let dir: string;
function write(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), "kustomize-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: app }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: web
          envFrom: [{ configMapRef: { name: settings } }]
          env: [{ name: A, value: "1" }, { name: B, value: "2" }]
      volumes: [{ name: conf, configMap: { name: settings } }]
`;
const base = `resources: [deployment.yaml]
labels: [{ pairs: { team: sre }, includeSelectors: false }]
configMapGenerator:
  - { name: settings, namespace: app, literals: [MODE=base, LEVEL=info] }
images: [{ name: web, newName: registry.example.com/web, newTag: "1.2" }]
`;

describe("kustomize", () => {
  it("generates hashed ConfigMaps, merges overlays into them and rewrites the references", () => {
    const root = write({
      "base/kustomization.yaml": base,
      "base/deployment.yaml": deployment,
      "overlay/kustomization.yaml": `resources: [../base]
configMapGenerator:
  - { name: settings, namespace: app, behavior: merge, literals: [MODE=overlay] }
patches:
  - path: more.yaml
  - target: { kind: Deployment, name: web }
    patch: |-
      - { op: add, path: /spec/replicas, value: 3 }
`,
      "overlay/more.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: app }
spec:
  template:
    spec:
      containers:
        - name: web
          env: [{ name: B, value: "two" }, { name: C, value: "3" }]
`,
    });
    const objects = kustomize(path.join(root, "overlay"));
    const cm = objects.find((o) => o.kind === "ConfigMap")!;
    expect(cm.metadata.name).toMatch(/^settings-[a-z0-9]{10}$/);
    expect(cm.data).toEqual({ MODE: "overlay", LEVEL: "info" });
    expect(cm.metadata.labels).toEqual({ team: "sre" });
    const web = objects.find((o) => o.kind === "Deployment")!;
    const pod = podSpecOf(web)! as {
      containers: { image: string; env: object[]; envFrom: { configMapRef: { name: string } }[] }[];
      volumes: { configMap: { name: string } }[];
    };
    expect(pod.containers[0]!.envFrom[0]!.configMapRef.name).toBe(cm.metadata.name);
    expect(pod.volumes[0]!.configMap.name).toBe(cm.metadata.name);
    expect(pod.containers[0]!.image).toBe("registry.example.com/web:1.2");
    expect(pod.containers[0]!.env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "two" },
      { name: "C", value: "3" },
    ]);
    expect((web.spec as { replicas: number }).replicas).toBe(3);
    expect(web.metadata.labels).toEqual({ team: "sre" });
    // Selectors are left alone.
    expect((web.spec as { selector: object }).selector).toEqual({ matchLabels: { app: "web" } });
  });

  it("changes the hash suffix when the data changes", () => {
    const render = (mode: string) => {
      const root = write({ "kustomization.yaml": `configMapGenerator: [{ name: s, literals: [MODE=${mode}] }]\n` });
      const name = kustomize(root)[0]!.metadata.name;
      rmSync(root, { recursive: true });
      return name;
    };
    expect(render("a")).not.toBe(render("b"));
    expect(render("a")).toBe(render("a"));
  });

  it("refuses what it does not implement, and what kustomize itself refuses", () => {
    expect(() => kustomize(write({ "kustomization.yaml": "namePrefix: x-\n" }))).toThrow(/unsupported field\(s\) namePrefix/);
    expect(() => kustomize(write({ "kustomization.yaml": "resources: [missing.yaml]\n" }))).toThrow(/does not exist/);
    expect(() =>
      kustomize(write({ "a/kustomization.yaml": "configMapGenerator: [{ name: s, files: [../secret.txt] }]\n", "secret.txt": "x" }) + "/a"),
    ).toThrow(/outside/);
    expect(() => kustomize(write({ "kustomization.yaml": "resources: [d.yaml, d.yaml]\n", "d.yaml": deployment }))).toThrow(
      /defined twice/,
    );
    expect(() =>
      kustomize(
        write({
          "kustomization.yaml": "resources: [d.yaml]\npatches: [{ path: p.yaml }]\n",
          "d.yaml": deployment,
          "p.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: other }\n",
        }),
      ),
    ).toThrow(/matches nothing/);
  });
});

describe("patches", () => {
  const doc: K8sObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: {
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "y" },
      ],
      tolerations: [{ key: "k" }],
    },
  };

  it("applies RFC 6902 operations without touching the input", () => {
    const out = applyJsonPatch(doc, [
      { op: "add", path: "/metadata/labels", value: { a: "b" } },
      { op: "replace", path: "/spec/containers/1/image", value: "z" },
      { op: "remove", path: "/spec/tolerations" },
    ]);
    expect(out).toMatchObject({ metadata: { labels: { a: "b" } }, spec: { containers: [{ image: "x" }, { image: "z" }] } });
    expect(out.spec as object).not.toHaveProperty("tolerations");
    expect(doc.spec).toHaveProperty("tolerations");
    expect(() => applyJsonPatch(doc, [{ op: "replace", path: "/spec/nothing", value: 1 }])).toThrow(/does not exist/);
  });

  it("merges keyed lists by their merge key and replaces the others (strategic merge)", () => {
    const out = strategicMerge(doc, {
      spec: {
        containers: [
          { name: "b", image: "w" },
          { name: "c", image: "v" },
        ],
        tolerations: [{ key: "other" }],
      },
    });
    expect(out.spec).toEqual({
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "w" },
        { name: "c", image: "v" },
      ],
      tolerations: [{ key: "other" }],
    });
    expect(strategicMerge(doc, { spec: { containers: [{ name: "a", $patch: "delete" }] } }).spec).toMatchObject({
      containers: [{ name: "b" }],
    });
  });
});
