// The demo's application: a few Deployments across two namespaces, each with a revision
// history, living in the sandbox cluster. Their pod templates carry a behaviour annotation
// (healthy, or the fault a bad rollout shipped), so a rollback — by Vigil or by hand —
// restores good behaviour exactly as it would in a real cluster: by restoring the template.
import { randomUUID } from "node:crypto";
import type { ClusterStore } from "@/lib/cluster/sandbox/store";
import type { KubeObject } from "@/lib/cluster/sandbox/resources";
import { syncDeployment, type ControllerOptions } from "@/lib/cluster/sandbox/controller";

export const BEHAVIOUR = "demo.vigil.dev/behaviour";
export const behaviours = ["healthy", "errors", "image-pull", "bad-config", "oom"] as const;
export type Behaviour = (typeof behaviours)[number];

export type DemoWorkload = {
  namespace: string;
  name: string;
  replicas: number;
  repository: string;
  /** Released versions, oldest first; the last one runs at the start. */
  versions: string[];
  /** Requests per second at the daily peak, spread over the initial replicas. */
  peakRps: number;
  /** A service it calls on every request: when that is down, this one fails. */
  dependsOn?: string;
  language: "node" | "go";
};

export const demoWorkloads: DemoWorkload[] = [
  {
    namespace: "shop",
    name: "storefront",
    replicas: 3,
    repository: "ghcr.io/acme/storefront",
    versions: ["3.8.1", "3.9.0"],
    peakRps: 180,
    dependsOn: "checkout",
    language: "node",
  },
  {
    namespace: "shop",
    name: "checkout",
    replicas: 3,
    repository: "ghcr.io/acme/checkout",
    versions: ["2.13.3", "2.13.4"],
    peakRps: 60,
    dependsOn: "payments",
    language: "node",
  },
  {
    namespace: "shop",
    name: "payments",
    replicas: 2,
    repository: "ghcr.io/acme/payments",
    versions: ["1.7.0", "1.7.2"],
    peakRps: 45,
    language: "go",
  },
  {
    namespace: "media",
    name: "thumbnailer",
    replicas: 2,
    repository: "ghcr.io/acme/thumbnailer",
    versions: ["0.9.0", "0.9.1"],
    peakRps: 12,
    language: "go",
  },
  {
    namespace: "media",
    name: "image-api",
    replicas: 2,
    repository: "ghcr.io/acme/image-api",
    versions: ["5.2.0", "5.3.1"],
    peakRps: 30,
    dependsOn: "thumbnailer",
    language: "node",
  },
];

export const workloadKey = (w: { namespace: string; name: string }) => `${w.namespace}/${w.name}`;

export type TemplateOptions = { version: string; behaviour?: Behaviour; env?: Record<string, string>; memory?: string };

export function podTemplate(w: DemoWorkload, options: TemplateOptions) {
  const env = {
    PORT: "8080",
    LOG_FORMAT: "json",
    ...(w.dependsOn ? { UPSTREAM_URL: `http://${w.dependsOn}.${w.namespace}.svc:8080` } : {}),
    ...options.env,
  };
  return {
    metadata: {
      labels: { app: w.name, "app.kubernetes.io/name": w.name, "app.kubernetes.io/version": options.version },
      annotations: { [BEHAVIOUR]: options.behaviour ?? "healthy" },
    },
    spec: {
      containers: [
        {
          name: w.name,
          image: `${w.repository}:${options.version}`,
          ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
          env: Object.entries(env).map(([name, value]) => ({ name, value })),
          resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: options.memory ?? "512Mi" } },
          livenessProbe: { httpGet: { path: "/livez", port: "http" }, periodSeconds: 10, failureThreshold: 3 },
          readinessProbe: { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 5, failureThreshold: 2 },
        },
      ],
    },
  };
}

export type PodTemplateObject = ReturnType<typeof podTemplate>;

/** The behaviour a template's pods show. */
export function behaviourOf(template: { metadata?: { annotations?: Record<string, string> } } | undefined): Behaviour {
  const value = template?.metadata?.annotations?.[BEHAVIOUR];
  return (behaviours as readonly string[]).includes(value ?? "") ? (value as Behaviour) : "healthy";
}

type Deployment = KubeObject & { spec: { replicas: number; template: unknown; selector: unknown } };

export function getDeployment(store: ClusterStore, w: { namespace: string; name: string }): Deployment | undefined {
  return store.get("deployments", w.namespace, w.name) as Deployment | undefined;
}

/** Writes a Deployment's new spec the way `kubectl apply` would, and lets the controller roll it out. */
export function applyDeployment(
  store: ClusterStore,
  w: { namespace: string; name: string },
  change: { template?: unknown; replicas?: number },
  controller: ControllerOptions,
) {
  const current = getDeployment(store, w);
  if (!current) throw new Error(`no Deployment ${workloadKey(w)}`);
  const templateChanged = change.template !== undefined && JSON.stringify(change.template) !== JSON.stringify(current.spec.template);
  const next = {
    ...current,
    metadata: { ...current.metadata, generation: ((current.metadata as { generation?: number }).generation ?? 1) + 1 },
    spec: {
      ...current.spec,
      ...(change.template !== undefined ? { template: change.template } : {}),
      ...(change.replicas !== undefined ? { replicas: change.replicas } : {}),
    },
  };
  store.put("deployments", next as KubeObject);
  syncDeployment(store, w.namespace, w.name, templateChanged, controller);
}

/** The demo application in a fresh store: every Deployment at its last version, with history. */
export function installDemoApp(store: ClusterStore, controller: ControllerOptions, at: (minutesAgo: number) => Date) {
  // Three nodes for the controller to schedule pods on.
  for (const zone of ["a", "b", "c"]) {
    const name = `ip-10-0-${zone.charCodeAt(0) - 96}-17.eu-west-1.compute.internal`;
    store.put("nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": `eu-west-1${zone}` },
        creationTimestamp: at(60 * 24 * 30).toISOString(),
      },
      status: {
        capacity: { cpu: "8", memory: "32Gi", pods: "110" },
        allocatable: { cpu: "7910m", memory: "30Gi", pods: "110" },
        conditions: [
          { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
          { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory" },
          { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure" },
        ],
      },
    } as unknown as KubeObject);
  }
  for (const w of demoWorkloads) {
    const first = podTemplate(w, { version: w.versions[0]! });
    store.put("deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: w.name,
        namespace: w.namespace,
        uid: randomUUID(),
        generation: 1,
        labels: { app: w.name },
        annotations: {},
        creationTimestamp: at(60 * 24 * 7).toISOString(),
      },
      spec: {
        replicas: w.replicas,
        selector: { matchLabels: { app: w.name } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        template: first,
      },
    } as unknown as KubeObject);
    // Each release, days apart: the controller stamps its ReplicaSet with the time it runs.
    w.versions.forEach((version, i) => {
      const stamp = at(60 * 24 * (w.versions.length - i));
      applyDeployment(store, w, { template: podTemplate(w, { version }) }, { ...controller, now: () => stamp });
    });
  }
}
