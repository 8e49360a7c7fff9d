// A small kustomize: renders a kustomization directory the way `kubectl kustomize` does,
// for the features k8s/ uses — resources (files and bases), labels, configMapGenerator
// and secretGenerator (hash suffix and name references), images, and patches (strategic
// merge or JSON 6902). Anything else in a kustomization is an error, so the manifests
// cannot drift into features this renderer (and its tests) would silently ignore.
// No kustomize binary is on npm; this keeps the manifests checkable in `npm test`.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { applyJsonPatch, strategicMerge, type JsonPatchOperation } from "./patch";

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

type Generator = {
  name: string;
  namespace?: string;
  behavior?: "create" | "merge" | "replace";
  literals?: string[];
  files?: string[];
  envs?: string[];
  type?: string;
  options?: { labels?: Record<string, string>; annotations?: Record<string, string>; disableNameSuffixHash?: boolean };
};
type PatchTarget = { group?: string; version?: string; kind?: string; name?: string; namespace?: string };
type Patch = { path?: string; patch?: string; target?: PatchTarget };
type Image = { name: string; newName?: string; newTag?: string; digest?: string };
type LabelSet = { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean };

type Kustomization = {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  labels?: LabelSet[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  generatorOptions?: { disableNameSuffixHash?: boolean };
  images?: Image[];
  patches?: Patch[];
};

const supportedFields = new Set([
  "apiVersion",
  "kind",
  "resources",
  "labels",
  "configMapGenerator",
  "secretGenerator",
  "generatorOptions",
  "images",
  "patches",
]);

/** A rendered object, and for generated ConfigMaps/Secrets the name before the hash suffix. */
type Rendered = { object: K8sObject; generatedFrom?: string };

export function parseYamlDocuments(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc, i) => {
      if (doc.errors.length > 0) throw new Error(`${source}: document ${i + 1}: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function inside(root: string, file: string): string {
  const resolved = path.resolve(root, file);
  // kustomize's default load restrictor: files must lie within the kustomization's folder.
  if (resolved !== root && !resolved.startsWith(root + path.sep))
    throw new Error(`${file} is outside ${root} (kustomize refuses files outside the kustomization root)`);
  if (!existsSync(resolved)) throw new Error(`${resolved} does not exist`);
  return resolved;
}

function readKustomization(dir: string): Kustomization {
  const file = ["kustomization.yaml", "kustomization.yml", "Kustomization"].map((f) => path.join(dir, f)).find(existsSync);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [doc] = parseYamlDocuments(readFileSync(file, "utf8"), file) as unknown as Kustomization[];
  const k = doc ?? {};
  const unknown = Object.keys(k).filter((key) => !supportedFields.has(key));
  if (unknown.length > 0)
    throw new Error(`${file}: unsupported field(s) ${unknown.join(", ")} (supported: ${[...supportedFields].join(", ")})`);
  if (k.kind !== undefined && k.kind !== "Kustomization") throw new Error(`${file}: kind must be Kustomization`);
  return k;
}

export const objectId = (o: K8sObject) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? "_"}/${o.metadata.name}`;
const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");
const versionOf = (apiVersion: string) => apiVersion.split("/").pop()!;

function matches(o: K8sObject, t: PatchTarget): boolean {
  return (
    (t.kind === undefined || t.kind === o.kind) &&
    (t.name === undefined || t.name === o.metadata.name) &&
    (t.namespace === undefined || t.namespace === o.metadata.namespace) &&
    (t.group === undefined || t.group === groupOf(o.apiVersion)) &&
    (t.version === undefined || t.version === versionOf(o.apiVersion))
  );
}

// ── generators ──────────────────────────────────────────────────────────────────────────

function generatorData(dir: string, g: Generator): Record<string, string> {
  const data: Record<string, string> = {};
  const put = (key: string, value: string, from: string) => {
    if (key in data) throw new Error(`${from}: key ${key} appears twice in ${g.name}`);
    data[key] = value;
  };
  for (const literal of g.literals ?? []) {
    const eq = literal.indexOf("=");
    if (eq <= 0) throw new Error(`${g.name}: literal ${JSON.stringify(literal)} is not KEY=VALUE`);
    put(literal.slice(0, eq), literal.slice(eq + 1), "literals");
  }
  for (const entry of g.files ?? []) {
    const [key, file] = entry.includes("=") ? (entry.split("=", 2) as [string, string]) : [path.basename(entry), entry];
    put(key, readFileSync(inside(dir, file), "utf8"), entry);
  }
  for (const file of g.envs ?? []) {
    for (const line of readFileSync(inside(dir, file), "utf8").split("\n")) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith("#")) continue;
      const eq = trimmed.indexOf("=");
      if (eq <= 0) throw new Error(`${file}: line ${JSON.stringify(trimmed)} is not KEY=VALUE`);
      put(trimmed.slice(0, eq), trimmed.slice(eq + 1), file);
    }
  }
  return data;
}

/** kustomize's suffix: the first 10 hex digits of a SHA-256 over kind, name and data, with
 * vowels and digits that could spell words swapped out. */
function nameHash(kind: string, name: string, data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const hex = createHash("sha256")
    .update(JSON.stringify({ data: sorted, kind, name }))
    .digest("hex");
  const swap: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join("");
}

function generate(
  dir: string,
  kind: "ConfigMap" | "Secret",
  generators: Generator[],
  options: Kustomization["generatorOptions"],
  existing: Rendered[],
): Rendered[] {
  const out = [...existing];
  for (const g of generators) {
    let data = generatorData(dir, g);
    const behavior = g.behavior ?? "create";
    const index = out.findIndex((r) => r.object.kind === kind && r.generatedFrom === g.name && r.object.metadata.namespace === g.namespace);
    if (behavior === "create" && index >= 0) throw new Error(`${kind} ${g.name} is generated twice (use behavior: merge or replace)`);
    if (behavior !== "create" && index < 0) throw new Error(`${kind} ${g.name}: behavior ${behavior} but no base generates it`);
    const base = index >= 0 ? out[index]! : undefined;
    if (behavior === "merge") data = { ...baseData(base!.object, kind), ...data };
    const object: K8sObject = {
      apiVersion: "v1",
      kind,
      metadata: {
        name: g.name,
        ...(g.namespace ? { namespace: g.namespace } : {}),
        // merge and replace keep what the base's transformers put on the object (labels).
        ...(base?.object.metadata.labels || g.options?.labels ? { labels: { ...base?.object.metadata.labels, ...g.options?.labels } } : {}),
        ...(base?.object.metadata.annotations || g.options?.annotations
          ? { annotations: { ...base?.object.metadata.annotations, ...g.options?.annotations } }
          : {}),
      },
      ...(kind === "Secret" ? { type: g.type ?? "Opaque", data: encodeSecret(data) } : { data }),
    };
    const hashed = !(g.options?.disableNameSuffixHash ?? options?.disableNameSuffixHash ?? false);
    if (hashed) object.metadata.name = `${g.name}-${nameHash(kind, g.name, data)}`;
    const rendered = { object, generatedFrom: g.name };
    if (index >= 0) out[index] = rendered;
    else out.push(rendered);
  }
  return out;
}

function baseData(o: K8sObject, kind: "ConfigMap" | "Secret"): Record<string, string> {
  const data = (o.data ?? {}) as Record<string, string>;
  if (kind === "ConfigMap") return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
}

const encodeSecret = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));

// ── transformers ────────────────────────────────────────────────────────────────────────

type PodSpec = Record<string, unknown> & { containers?: Container[]; initContainers?: Container[]; volumes?: Volume[] };
type Container = Record<string, unknown> & { image?: string; env?: EnvVar[]; envFrom?: EnvFrom[] };
type EnvVar = { name: string; valueFrom?: { configMapKeyRef?: { name: string }; secretKeyRef?: { name: string } } };
type EnvFrom = { configMapRef?: { name: string }; secretRef?: { name: string } };
type Volume = Record<string, unknown> & {
  configMap?: { name: string };
  secret?: { secretName: string };
  projected?: { sources?: { configMap?: { name: string }; secret?: { name: string } }[] };
};

/** The pod spec inside a workload, if the object has one. */
export function podSpecOf(o: K8sObject): PodSpec | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (o.kind === "Pod") return spec as PodSpec;
  if (o.kind === "CronJob") return (spec.jobTemplate as { spec?: { template?: { spec?: PodSpec } } })?.spec?.template?.spec ?? undefined;
  return (spec.template as { spec?: PodSpec } | undefined)?.spec;
}

export function containersOf(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

function rewriteReferences(objects: Rendered[]): void {
  const renamed = new Map<string, string>(); // "ConfigMap/ns/name" → generated name
  for (const r of objects) {
    if (r.generatedFrom && r.generatedFrom !== r.object.metadata.name)
      renamed.set(`${r.object.kind}/${r.object.metadata.namespace ?? ""}/${r.generatedFrom}`, r.object.metadata.name);
  }
  for (const { object } of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    const ns = object.metadata.namespace ?? "";
    const configMap = (ref?: { name: string }) => {
      if (ref) ref.name = renamed.get(`ConfigMap/${ns}/${ref.name}`) ?? ref.name;
    };
    const secret = (ref: { name?: string; secretName?: string } | undefined) => {
      if (!ref) return;
      if (ref.name !== undefined) ref.name = renamed.get(`Secret/${ns}/${ref.name}`) ?? ref.name;
      if (ref.secretName !== undefined) ref.secretName = renamed.get(`Secret/${ns}/${ref.secretName}`) ?? ref.secretName;
    };
    for (const c of containersOf(pod)) {
      for (const e of c.envFrom ?? []) {
        configMap(e.configMapRef);
        secret(e.secretRef);
      }
      for (const e of c.env ?? []) {
        configMap(e.valueFrom?.configMapKeyRef);
        secret(e.valueFrom?.secretKeyRef);
      }
    }
    for (const v of pod.volumes ?? []) {
      configMap(v.configMap);
      secret(v.secret);
      for (const s of v.projected?.sources ?? []) {
        configMap(s.configMap);
        secret(s.secret);
      }
    }
  }
}

function applyImages(objects: Rendered[], images: Image[]): void {
  for (const { object } of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    for (const c of containersOf(pod)) {
      if (typeof c.image !== "string") continue;
      const name = c.image.split("@")[0]!.replace(/:[^/:]+$/, "");
      const image = images.find((i) => i.name === name);
      if (!image) continue;
      const tag = image.digest ? `@${image.digest}` : image.newTag ? `:${image.newTag}` : c.image.slice(name.length);
      c.image = `${image.newName ?? name}${tag}`;
    }
  }
}

function applyLabels(objects: Rendered[], sets: LabelSet[]): void {
  for (const set of sets) {
    if (set.includeSelectors)
      throw new Error("labels with includeSelectors: true are not supported (selectors are immutable: keep them explicit)");
    for (const { object } of objects) {
      object.metadata.labels = { ...object.metadata.labels, ...set.pairs };
      if (set.includeTemplates) {
        const template = (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
        if (template) template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...set.pairs } };
      }
    }
  }
}

function applyPatches(dir: string, objects: Rendered[], patches: Patch[]): void {
  for (const p of patches) {
    const text = p.path ? readFileSync(inside(dir, p.path), "utf8") : p.patch;
    if (!text) throw new Error(`${dir}: a patch needs path or patch`);
    const docs = parseYamlDocuments(text, p.path ?? "inline patch") as unknown[];
    if (docs.length !== 1) throw new Error(`${p.path ?? "inline patch"}: one patch per entry (found ${docs.length})`);
    const doc = docs[0];
    if (Array.isArray(doc)) {
      if (!p.target) throw new Error(`${p.path ?? "inline patch"}: a JSON 6902 patch needs a target`);
      const hits = objects.filter((r) => matches(r.object, p.target!));
      if (hits.length === 0) throw new Error(`patch target ${JSON.stringify(p.target)} matches nothing`);
      for (const r of hits) r.object = applyJsonPatch(r.object, doc as JsonPatchOperation[]) as K8sObject;
    } else {
      const patch = doc as K8sObject;
      const target: PatchTarget = p.target ?? { kind: patch.kind, name: patch.metadata?.name, namespace: patch.metadata?.namespace };
      const hits = objects.filter((r) => matches(r.object, target) && (p.target || r.object.apiVersion === patch.apiVersion));
      if (hits.length === 0) throw new Error(`patch ${p.path ?? "inline"} (${patch.kind} ${patch.metadata?.name}) matches nothing`);
      for (const r of hits) {
        const { metadata: _ignored, ...rest } = patch;
        const meta = { ...patch.metadata, name: r.object.metadata.name, namespace: r.object.metadata.namespace };
        r.object = strategicMerge(r.object, { ...rest, apiVersion: r.object.apiVersion, kind: r.object.kind, metadata: meta }) as K8sObject;
      }
    }
  }
}

// ── build ───────────────────────────────────────────────────────────────────────────────

function build(dir: string, stack: string[]): Rendered[] {
  const root = path.resolve(dir);
  if (stack.includes(root)) throw new Error(`kustomization cycle: ${[...stack, root].join(" → ")}`);
  const k = readKustomization(root);
  let objects: Rendered[] = [];
  for (const resource of k.resources ?? []) {
    const target = path.resolve(root, resource);
    if (!existsSync(target)) throw new Error(`${root}: resource ${resource} does not exist`);
    if (statSync(target).isDirectory()) objects.push(...build(target, [...stack, root]));
    else objects.push(...parseYamlDocuments(readFileSync(inside(root, resource), "utf8"), target).map((object) => ({ object })));
  }
  objects = generate(root, "ConfigMap", k.configMapGenerator ?? [], k.generatorOptions, objects);
  objects = generate(root, "Secret", k.secretGenerator ?? [], k.generatorOptions, objects);
  applyPatches(root, objects, k.patches ?? []);
  applyLabels(objects, k.labels ?? []);
  applyImages(objects, k.images ?? []);
  const seen = new Set<string>();
  for (const { object } of objects) {
    const id = objectId(object);
    if (seen.has(id)) throw new Error(`${root}: ${id} is defined twice`);
    seen.add(id);
  }
  return objects;
}

/** Render a kustomization directory to the objects `kubectl apply -k` would send. */
export function kustomize(dir: string): K8sObject[] {
  const objects = build(dir, []);
  rewriteReferences(objects);
  return objects.map((r) => r.object);
}
