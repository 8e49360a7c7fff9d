// Applies a Deployment patch the way the API server would, without a cluster: the sandbox
// cluster answers PATCH with it, and a plan's preview diffs the object before and after.
// JSON merge patch follows RFC 7386 and JSON patch RFC 6902 (add, remove, replace, test).
// Strategic merge covers the shapes Vigil sends: maps merge, `null` deletes, and the lists
// Kubernetes merges by key (containers by name, env by name...) merge element by element;
// every other list is replaced, as for lists without a patch strategy.
import type { DeploymentPatch } from "@/lib/cluster/port";

export class PatchError extends Error {
  constructor(
    /** malformed: not a patch of its type (the API server answers 400); failed: it does not apply (422). */
    readonly kind: "malformed" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "PatchError";
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Plain JSON: Dates become strings and undefined fields disappear, as on the wire. */
const toJson = (value: unknown): Json => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/** Deep equality of JSON values, ignoring key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** RFC 7386 on JSON values; `target` is not modified. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value) as Json;
  }
  return result;
}

// The list fields of a pod template that strategic merge merges by key (patchMergeKey).
const mergeKeys: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ports: "containerPort",
  imagePullSecrets: "name",
  resourceClaims: "name",
  topologySpreadConstraints: "topologyKey",
  hostAliases: "ip",
  conditions: "type",
};

function mergeList(original: unknown, patch: Json[], key: string): Json[] {
  const result = Array.isArray(original) ? [...original] : [];
  for (const element of patch) {
    if (!isObject(element) || element[key] === undefined) throw new PatchError("malformed", `list element without merge key ${key}`);
    const { $patch: directive, ...rest } = element;
    const at = result.findIndex((existing) => isObject(existing) && jsonEqual(existing[key], element[key]));
    if (directive === "delete") {
      if (at >= 0) result.splice(at, 1);
    } else if (directive !== undefined) {
      throw new PatchError("malformed", `unsupported strategic merge directive $patch: ${JSON.stringify(directive)}`);
    } else if (at >= 0) result[at] = applyStrategicMergePatch(result[at], rest) as Json;
    else result.push(applyStrategicMergePatch(null, rest) as Json);
  }
  return result;
}

/** Strategic merge on JSON values; `target` is not modified. */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) throw new PatchError("malformed", `unsupported strategic merge directive ${key}`);
    if (value === null) delete result[key];
    else if (Array.isArray(value) && mergeKeys[key]) result[key] = mergeList(result[key] ?? null, value, mergeKeys[key]);
    else result[key] = applyStrategicMergePatch(result[key] ?? null, value) as Json;
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError("malformed", `JSON pointer ${JSON.stringify(path)} does not start with /`);
  return path
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function arrayIndex(list: Json[], token: string, path: string, allowEnd: boolean): number {
  const index = token === "-" && allowEnd ? list.length : /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : NaN;
  if (!(index <= list.length - (allowEnd ? 0 : 1))) throw new PatchError("failed", `index out of range in ${path}`);
  return index;
}

/** The container of the path's last token; throws when a parent is missing. */
function parentOf(doc: Json, tokens: string[], op: string, path: string): Json {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    const next = Array.isArray(node) ? node[arrayIndex(node, token, path, false)] : isObject(node) ? node[token] : undefined;
    if (next === undefined) throw new PatchError("failed", `${op} operation does not apply: doc is missing path: ${path}`);
    node = next;
  }
  return node;
}

function applyOp(doc: Json, operation: unknown): Json {
  if (!isObject(operation) || typeof operation.op !== "string" || typeof operation.path !== "string") {
    throw new PatchError("malformed", "a JSON patch operation needs an op and a path");
  }
  const { op, path } = operation;
  if (!["add", "remove", "replace", "test"].includes(op)) throw new PatchError("malformed", `unsupported JSON patch operation ${op}`);
  if (op !== "remove" && !("value" in operation)) throw new PatchError("malformed", `${op} operation ${path} has no value`);
  const tokens = pointer(path);
  const value = operation.value as Json;
  if (tokens.length === 0) {
    if (op === "test" && !jsonEqual(doc, value)) throw new PatchError("failed", `testing value ${path} failed`);
    if (op === "remove") throw new PatchError("failed", "remove operation does not apply to the whole document");
    return op === "test" ? doc : value;
  }
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens.at(-1)!;
  const missing = () => new PatchError("failed", `${op} operation does not apply: doc is missing path: ${path}`);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, last, path, op === "add");
    if (op === "add") parent.splice(index, 0, value);
    else if (op === "remove") parent.splice(index, 1);
    else if (op === "replace") parent[index] = value;
    else if (!jsonEqual(parent[index], value)) throw new PatchError("failed", `testing value ${path} failed`);
  } else if (isObject(parent)) {
    if (op !== "add" && !(last in parent)) throw missing();
    if (op === "remove") delete parent[last];
    else if (op === "test") {
      if (!jsonEqual(parent[last], value)) throw new PatchError("failed", `testing value ${path} failed`);
    } else parent[last] = value;
  } else throw missing();
  return doc;
}

/** Applies the operations in order; any failure leaves `target` as it was (the patch is atomic). */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError("malformed", "a JSON patch is an array of operations");
  let doc = toJson(target);
  for (const operation of operations) doc = applyOp(doc, toJson(operation));
  return doc;
}

/** The object after the patch, as plain JSON (Dates become RFC 3339 strings); `target` is left as it was. */
export function applyPatchLocally<T extends object>(target: T, patch: DeploymentPatch): T {
  const doc = toJson(target);
  if (patch.type !== "json" && !isObject(toJson(patch.body))) throw new PatchError("malformed", `a ${patch.type} patch is a JSON object`);
  const result =
    patch.type === "json"
      ? applyJsonPatch(doc, patch.body)
      : patch.type === "merge"
        ? applyMergePatch(doc, toJson(patch.body))
        : applyStrategicMergePatch(doc, toJson(patch.body));
  return result as T;
}
