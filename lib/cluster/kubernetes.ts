// The ClusterReader over the Kubernetes API with @kubernetes/client-node 1.4.0: the same code
// reads a real cluster (kubeconfig file or in-cluster service account) and the sandbox cluster.
import "server-only";
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  ServerConfiguration,
  createConfiguration,
  setHeaderMiddleware,
  type Configuration,
} from "@kubernetes/client-node";
import { ClusterApiError, toClusterApiError } from "@/lib/cluster/api-error";
import type { ClusterReader } from "@/lib/cluster/port";

/** Names Vigil in the API server's audit log and metrics, instead of node-fetch's default. */
export const userAgent = "vigil/0.1";

export type KubeConfigOptions = { kubeconfigPath?: string; inCluster?: boolean; server?: string; token?: string };

/** Exactly one source: a kubeconfig file, the pod's service account, or a server URL and token. */
export function kubeConfigFrom(options: KubeConfigOptions): KubeConfig {
  const sources = [options.kubeconfigPath !== undefined, options.inCluster === true, options.server !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new Error("kubeConfigFrom: give exactly one of kubeconfigPath, inCluster or server");
  if (options.token !== undefined && options.server === undefined) throw new Error("kubeConfigFrom: a token goes with a server URL");
  const kc = new KubeConfig();
  if (options.kubeconfigPath !== undefined) kc.loadFromFile(options.kubeconfigPath);
  else if (options.inCluster) kc.loadFromCluster();
  else {
    const server = new URL(options.server!);
    kc.loadFromOptions({
      // client-node 1.4.0 only builds a plain-HTTP agent when skipTLSVerify is set; for https
      // the flag stays off so the server's certificate is still verified.
      clusters: [{ name: "vigil", server: options.server!, skipTLSVerify: server.protocol === "http:" }],
      users: [{ name: "vigil", ...(options.token !== undefined ? { token: options.token } : {}) }],
      contexts: [{ name: "vigil", cluster: "vigil", user: "vigil" }],
      currentContext: "vigil",
    });
  }
  if (!kc.getCurrentCluster()) throw new Error("kubeConfigFrom: the kubeconfig has no current cluster");
  return kc;
}

// What kc.makeApiClient() builds, plus one middleware: makeApiClient takes none, and without
// one every request says `User-Agent: node-fetch/1.0 (+https://github.com/bitinn/node-fetch)`.
function apiClient<T>(kc: KubeConfig, Api: new (configuration: Configuration) => T): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    middleware: [setHeaderMiddleware("User-Agent", userAgent)],
  });
  return new Api(configuration);
}

// The 400s a log read gets when there is no such log to read (rather than a bad request).
const noLog =
  /previous terminated container .* not found|is not valid for pod|is waiting to start|is not available|in pod .* is terminated/;

export function createClusterReader(kc: KubeConfig): ClusterReader {
  const core = apiClient(kc, CoreV1Api);
  const apps = apiClient(kc, AppsV1Api);
  const autoscaling = apiClient(kc, AutoscalingV2Api);
  const networking = apiClient(kc, NetworkingV1Api);

  async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw toClusterApiError(what, err);
    }
  }

  async function orNull<T>(what: string, request: () => Promise<T>, isAbsent: (err: ClusterApiError) => boolean): Promise<T | null> {
    try {
      return await call(what, request);
    } catch (err) {
      if (err instanceof ClusterApiError && isAbsent(err)) return null;
      throw err;
    }
  }
  const notFound = (err: ClusterApiError) => err.status === 404;

  return {
    getDeployment: (namespace, name) =>
      orNull(`readNamespacedDeployment ${namespace}/${name}`, () => apps.readNamespacedDeployment({ namespace, name }), notFound),
    getStatefulSet: (namespace, name) =>
      orNull(`readNamespacedStatefulSet ${namespace}/${name}`, () => apps.readNamespacedStatefulSet({ namespace, name }), notFound),
    getNode: (name) => orNull(`readNode ${name}`, () => core.readNode({ name }), notFound),

    listReplicaSets: async (namespace, labelSelector) =>
      (await call(`listNamespacedReplicaSet ${namespace}`, () => apps.listNamespacedReplicaSet({ namespace, labelSelector }))).items,
    listPods: async (namespace, labelSelector) =>
      (await call(`listNamespacedPod ${namespace}`, () => core.listNamespacedPod({ namespace, labelSelector }))).items,
    listEvents: async (namespace, fieldSelector) =>
      (await call(`listNamespacedEvent ${namespace}`, () => core.listNamespacedEvent({ namespace, fieldSelector }))).items,
    listHorizontalPodAutoscalers: async (namespace) =>
      (
        await call(`listNamespacedHorizontalPodAutoscaler ${namespace}`, () =>
          autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }),
        )
      ).items,
    listServices: async (namespace) =>
      (await call(`listNamespacedService ${namespace}`, () => core.listNamespacedService({ namespace }))).items,
    listConfigMaps: async (namespace) =>
      (await call(`listNamespacedConfigMap ${namespace}`, () => core.listNamespacedConfigMap({ namespace }))).items,
    listPersistentVolumeClaims: async (namespace) =>
      (await call(`listNamespacedPersistentVolumeClaim ${namespace}`, () => core.listNamespacedPersistentVolumeClaim({ namespace }))).items,
    listNetworkPolicies: async (namespace) =>
      (await call(`listNamespacedNetworkPolicy ${namespace}`, () => networking.listNamespacedNetworkPolicy({ namespace }))).items,

    readPodLog: (namespace, pod, container, options = {}) =>
      orNull(
        `readNamespacedPodLog ${namespace}/${pod}/${container}${options.previous ? " (previous)" : ""}`,
        () =>
          core.readNamespacedPodLog({
            namespace,
            name: pod,
            container,
            previous: options.previous,
            tailLines: options.tailLines,
            limitBytes: options.limitBytes,
          }),
        // A pod gone since it was listed, or a container with no such log: there is no log.
        (err) => err.status === 404 || (err.status === 400 && noLog.test(err.statusMessage ?? "")),
      ),
  };
}
