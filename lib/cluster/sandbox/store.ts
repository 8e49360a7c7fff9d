// The sandbox cluster's state, in memory: a scenario's `kubernetes` objects and container logs.
// Reads hand out copies, so nothing outside can change the state behind the server's back;
// every write takes the next value of one store-wide counter as the object's resourceVersion,
// the way etcd's revision works for the API server.
import type { KubernetesState } from "@/lib/scenarios/schema";
import type { KubeObject, ResourceKey } from "@/lib/cluster/sandbox/resources";

export type SandboxState = Partial<KubernetesState>;
/** Key `namespace/pod/container`, with `#previous` for the previous container (FORMAT.md). */
export type SandboxLogs = Record<string, string>;
/** Logs made up on demand (the demo's live application), for pods no scenario recorded. */
export type LogSource = (namespace: string, pod: string, container: string, previous: boolean) => string | undefined;

export type ClusterStore = {
  /** The store's current resourceVersion, as list responses report it. */
  resourceVersion(): string;
  /** Objects of one kind; only those in `namespace` when it is given. */
  list(key: ResourceKey, namespace?: string): KubeObject[];
  get(key: ResourceKey, namespace: string | undefined, name: string): KubeObject | undefined;
  /** The recorded log of a container, or undefined when the scenario has none. */
  log(namespace: string, pod: string, container: string, previous: boolean): string | undefined;
  /** Inserts or replaces (by namespace and name) an object under a new resourceVersion; returns the stored copy. */
  put(key: ResourceKey, object: KubeObject): KubeObject;
  /** Deletes an object; false when there was none. */
  remove(key: ResourceKey, namespace: string | undefined, name: string): boolean;
  /** Swaps in a whole new state (the demo switching scenarios, a test setting up a case). */
  replace(state: SandboxState, logs?: SandboxLogs): void;
};

const keys: ResourceKey[] = [
  "deployments",
  "replicasets",
  "pods",
  "events",
  "nodes",
  "hpas",
  "statefulsets",
  "services",
  "configmaps",
  "persistentvolumeclaims",
  "networkpolicies",
  "daemonsets",
  "jobs",
  "cronjobs",
];

// Start above every object's own resourceVersion, as a real cluster's list version would be.
function highestResourceVersion(objects: Map<ResourceKey, KubeObject[]>): number {
  let highest = 0;
  for (const list of objects.values()) {
    for (const object of list) {
      const version = Number(object.metadata.resourceVersion);
      if (Number.isSafeInteger(version) && version > highest) highest = version;
    }
  }
  return highest;
}

export function createClusterStore(state: SandboxState, logs: SandboxLogs = {}, logSource?: LogSource): ClusterStore {
  let objects = new Map<ResourceKey, KubeObject[]>();
  let recordedLogs: SandboxLogs = {};
  let version = 0;

  function load(next: SandboxState, nextLogs: SandboxLogs) {
    objects = new Map(keys.map((key) => [key, structuredClone((next[key] ?? []) as KubeObject[])]));
    recordedLogs = { ...nextLogs };
    version = Math.max(version + 1, highestResourceVersion(objects) + 1);
  }
  load(state, logs);

  const sameObject = (namespace: string | undefined, name: string) => (object: KubeObject) =>
    object.metadata.name === name && (namespace === undefined || (object.metadata.namespace ?? "default") === namespace);

  return {
    resourceVersion: () => String(version),
    list(key, namespace) {
      const all = objects.get(key) ?? [];
      const wanted = namespace === undefined ? all : all.filter((object) => (object.metadata.namespace ?? "default") === namespace);
      return structuredClone(wanted);
    },
    get(key, namespace, name) {
      const found = (objects.get(key) ?? []).find(sameObject(namespace, name));
      return found && structuredClone(found);
    },
    put(key, object) {
      version += 1;
      const stored = structuredClone(object);
      stored.metadata.resourceVersion = String(version);
      const list = objects.get(key) ?? [];
      const at = list.findIndex(sameObject(stored.metadata.namespace, stored.metadata.name));
      if (at >= 0) list[at] = stored;
      else list.push(stored);
      objects.set(key, list);
      return structuredClone(stored);
    },
    remove(key, namespace, name) {
      const list = objects.get(key) ?? [];
      const at = list.findIndex(sameObject(namespace, name));
      if (at < 0) return false;
      version += 1;
      list.splice(at, 1);
      return true;
    },
    log(namespace, pod, container, previous) {
      return (
        recordedLogs[`${namespace}/${pod}/${container}${previous ? "#previous" : ""}`] ?? logSource?.(namespace, pod, container, previous)
      );
    },
    replace(next, nextLogs = {}) {
      load(next, nextLogs);
    },
  };
}
