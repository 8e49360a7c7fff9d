// The ClusterReader and ClusterWriter over the Kubernetes API with @kubernetes/client-node
// 1.4.0: the same code talks to a real cluster (kubeconfig file or in-cluster service account)
// and to the sandbox cluster.
import "server-only";
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  BatchV1Api,
  Observable,
  PatchStrategy,
  ServerConfiguration,
  createConfiguration,
  setHeaderMiddleware,
  setHeaderOptions,
  type Configuration,
  type ConfigurationOptions,
  type ObservableMiddleware,
} from "@kubernetes/client-node";
import { ClusterApiError, toClusterApiError } from "@/lib/cluster/api-error";
import type { ClusterReader, ClusterWriter, DeploymentPatch } from "@/lib/cluster/port";
import { fieldManagerFor, setsAnnotations, tracedPatch } from "@/lib/cluster/traced-patch";
import { toClusterWriteError } from "@/lib/cluster/write-error";

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
  const batch = apiClient(kc, BatchV1Api);

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
    getDaemonSet: (namespace, name) =>
      orNull(`readNamespacedDaemonSet ${namespace}/${name}`, () => apps.readNamespacedDaemonSet({ namespace, name }), notFound),
    getJob: (namespace, name) =>
      orNull(`readNamespacedJob ${namespace}/${name}`, () => batch.readNamespacedJob({ namespace, name }), notFound),
    getCronJob: (namespace, name) =>
      orNull(`readNamespacedCronJob ${namespace}/${name}`, () => batch.readNamespacedCronJob({ namespace, name }), notFound),
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

const contentTypes: Record<DeploymentPatch["type"], PatchStrategy> = {
  strategic: PatchStrategy.StrategicMergePatch,
  merge: PatchStrategy.MergePatch,
  json: PatchStrategy.JsonPatch,
};

/** How long a write waits for the API server before it reports a timeout. */
export const defaultWriteTimeoutMs = 10_000;

// client-node takes no AbortSignal per call; a middleware hands it to node-fetch.
function withSignal(signal: AbortSignal): ConfigurationOptions<ObservableMiddleware> {
  const middleware: ObservableMiddleware = {
    pre: (request) => {
      request.setSignal(signal);
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: "append" };
}

export function createClusterWriter(kc: KubeConfig, { timeoutMs = defaultWriteTimeoutMs }: { timeoutMs?: number } = {}): ClusterWriter {
  const apps = apiClient(kc, AppsV1Api);

  return {
    async patchDeployment(namespace, name, patch, options) {
      const fieldManager = fieldManagerFor(options.traceId); // throws on a malformed trace id, before any request
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
      const fail = (verb: string, err: unknown) =>
        toClusterWriteError(`${verb} deployments/${namespace}/${name}`, err, deadline.aborted ? timeoutMs : undefined);

      let resourceVersion = options.resourceVersion;
      let annotationsAbsent = false;
      if (patch.type === "json" && !setsAnnotations(patch.body)) {
        const current = await apps.readNamespacedDeployment({ namespace, name }, withSignal(signal)).catch((err: unknown) => {
          throw fail("GET", err);
        });
        annotationsAbsent = current.metadata?.annotations === undefined;
        // Adding the annotations map must not replace one that appeared since this read.
        if (annotationsAbsent) resourceVersion ??= current.metadata?.resourceVersion;
      }

      const traced = tracedPatch(patch, { traceId: options.traceId, resourceVersion, annotationsAbsent });
      try {
        return await apps.patchNamespacedDeployment(
          {
            namespace,
            name,
            body: traced.body,
            dryRun: options.dryRun ? "All" : undefined,
            fieldManager,
          },
          setHeaderOptions("Content-Type", contentTypes[traced.type], withSignal(signal)),
        );
      } catch (err) {
        throw fail("PATCH", err);
      }
    },
  };
}
