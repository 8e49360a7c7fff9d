// The two patch kinds kustomize applies: RFC 6902 JSON patches (with kustomize's move and
// copy), and Kubernetes strategic merge patches — the same code the sandbox API server uses
// (lib/cluster/patch.ts): keyed lists merge by their patchMergeKey, every other list is replaced.
import { applyStrategicMergePatch } from "@/lib/cluster/patch";

export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

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

/** Kubernetes strategic merge, as the sandbox API server applies it (one implementation). */
export function strategicMerge<T>(base: T, patch: unknown): T {
  return applyStrategicMergePatch(base, patch) as T;
}
