// The two patch kinds kustomize applies: RFC 6902 JSON patches, and Kubernetes strategic
// merge patches for the lists k8s/ patches (merged by their patchMergeKey; every other list
// is replaced, as for lists without a merge key).
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const clone = <T>(value: T): T => structuredClone(value);

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new Error(`JSON pointer ${JSON.stringify(path)} must start with /`);
  return path
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: unknown, path: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const parts = pointer(path);
  const key = parts.pop();
  if (key === undefined) throw new Error("cannot patch the document root");
  let node: unknown = doc;
  for (const part of parts) {
    if (node === null || typeof node !== "object") throw new Error(`${path}: ${part} is not inside an object or array`);
    node = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown>)[part];
    if (node === undefined) throw new Error(`${path}: ${part} does not exist`);
  }
  if (node === null || typeof node !== "object") throw new Error(`${path}: parent is not an object or array`);
  return { parent: node as Record<string, unknown> | unknown[], key };
}

function get(doc: unknown, path: string): unknown {
  const { parent, key } = parentOf(doc, path);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw new Error(`${path} does not exist`);
  return value;
}

function remove(doc: unknown, path: string): unknown {
  const { parent, key } = parentOf(doc, path);
  const value = get(doc, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean): void {
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const index = key === "-" ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new Error(`${path}: index out of range`);
    if (replace) {
      if (index >= parent.length) throw new Error(`${path} does not exist`);
      parent[index] = value;
    } else parent.splice(index, 0, value);
  } else {
    if (replace && !(key in parent)) throw new Error(`${path} does not exist`);
    parent[key] = value;
  }
}

export function applyJsonPatch<T>(document: T, operations: JsonPatchOperation[]): T {
  const doc = clone(document);
  for (const op of operations) {
    switch (op.op) {
      case "add":
        add(doc, op.path, clone(op.value), false);
        break;
      case "replace":
        add(doc, op.path, clone(op.value), true);
        break;
      case "remove":
        remove(doc, op.path);
        break;
      case "move":
        add(doc, op.path, remove(doc, op.from), false);
        break;
      case "copy":
        add(doc, op.path, clone(get(doc, op.from)), false);
        break;
      case "test":
        if (JSON.stringify(get(doc, op.path)) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}`);
        break;
      default:
        throw new Error(`unknown JSON patch op ${JSON.stringify(op)}`);
    }
  }
  return doc;
}

/** patchMergeKey of the Kubernetes list fields that merge by key, by field name. */
const mergeKeys: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  imagePullSecrets: "name",
  topologySpreadConstraints: "topologyKey",
  hostAliases: "ip",
};

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

function mergeList(field: string, base: Json[], patch: Json[]): Json[] {
  const key = mergeKeys[field];
  if (!key) return clone(patch);
  const out = clone(base);
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) throw new Error(`${field}: every patch item needs its merge key ${key}`);
    const index = out.findIndex((b) => isObject(b) && b[key] === item[key]);
    if (item.$patch === "delete") {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) out[index] = merge(out[index]!, item) as Json;
    else out.push(clone(item));
  }
  return out;
}

function merge(base: Json, patch: Json): Json {
  if (!isObject(base) || !isObject(patch)) return clone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _drop, ...rest } = patch;
    return clone(rest);
  }
  const out: Record<string, Json> = clone(base);
  for (const [field, value] of Object.entries(patch)) {
    if (field === "$patch") continue;
    if (value === null) delete out[field];
    else if (Array.isArray(value) && Array.isArray(out[field])) out[field] = mergeList(field, out[field] as Json[], value);
    else if (isObject(value) && isObject(out[field])) out[field] = merge(out[field]!, value);
    else out[field] = clone(value);
  }
  return out;
}

export function strategicMerge<T>(base: T, patch: unknown): T {
  return merge(base as Json, patch as Json) as T;
}
