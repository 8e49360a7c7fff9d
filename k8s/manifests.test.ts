// Every kustomize overlay, rendered and checked as `kubectl apply -k` would see it: each
// object valid against the Kubernetes (and Kyverno, prometheus-operator) schemas with strict
// fields; RBAC exactly what the cluster port calls, writes only where the policy allows;
// and the pieces wired to each other and to the code (env names, routes, the trace
// annotation, the webhook token, the image's paths and user).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clusterReadCalls, clusterWriteCalls } from "@/lib/cluster/port";
import { fieldManagerFor, traceAnnotation } from "@/lib/cluster/traced-patch";
import { copyOf, parseDockerfile, workdirOf } from "@/lib/deploy/dockerfile";
import { containersOf, kustomize, objectId, podSpecOf, type K8sObject } from "@/lib/deploy/kustomize";
import { validateObject } from "@/lib/deploy/schemas";
import { loadPolicyConfig, type PolicyFile } from "@/lib/remediation/policy-config";
import { migrateCommand } from "@/scripts/bundle-migrator";
import { WEBHOOK_PATH } from "@/lib/alerts/ingest-listener";

const root = path.resolve(__dirname, "..");
const overlaysDir = path.join(__dirname, "overlays");
const overlays = readdirSync(overlaysDir).filter((d) => existsSync(path.join(overlaysDir, d, "kustomization.yaml")));
const rendered = new Map(overlays.map((o) => [o, kustomize(path.join(overlaysDir, o))] as const));

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };
type Subject = { kind: string; name: string; namespace?: string };
type Binding = K8sObject & { roleRef: { kind: string; name: string }; subjects?: Subject[] };
type Container = {
  name: string;
  image?: string;
  command?: string[];
  workingDir?: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  [k: string]: unknown;
};
type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
};

const find = (objects: K8sObject[], kind: string, name: string, namespace?: string) => {
  const o = objects.find(
    (x) => x.kind === kind && x.metadata.name.startsWith(name) && (namespace === undefined || x.metadata.namespace === namespace),
  );
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
const vigilDeployment = (objects: K8sObject[]) => find(objects, "Deployment", "vigil", "vigil");
const container = (o: K8sObject, name: string) => containersOf(podSpecOf(o)!).find((c) => (c as Container).name === name) as Container;
const configData = (objects: K8sObject[], name: string) => find(objects, "ConfigMap", `${name}-`, "vigil").data as Record<string, string>;
const triple = (group: string, resource: string, verb: string) => `${group || "core"} ${resource} ${verb}`;

const validationProblems = (objects: K8sObject[]) => objects.flatMap((o) => validateObject(o).map((p) => `${objectId(o)}: ${p}`));

it("finds the dev and prod overlays", () => {
  expect(overlays.sort()).toEqual(["dev", "prod"]);
});

it("renders the base to objects valid against their schemas", () => {
  expect(validationProblems(kustomize(path.join(__dirname, "base")))).toEqual([]);
});

describe.each(overlays)("overlay %s", (name) => {
  const objects = rendered.get(name)!;

  it("renders only objects valid against their schemas, with no unknown fields", () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(validationProblems(objects)).toEqual([]);
  });

  it("names the namespace of every namespaced object, and of no cluster-scoped one", () => {
    const clusterScoped = new Set([
      "Namespace",
      "ClusterRole",
      "ClusterRoleBinding",
      "FlowSchema",
      "PriorityLevelConfiguration",
      "ClusterPolicy",
    ]);
    for (const o of objects) {
      if (clusterScoped.has(o.kind)) expect(o.metadata.namespace, objectId(o)).toBeUndefined();
      else expect(o.metadata.namespace, objectId(o)).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it("runs every pod non-root, read-only, without privileges, with bounded resources and pinned images", () => {
    for (const o of objects) {
      const pod = podSpecOf(o) as { securityContext?: Record<string, unknown> } | undefined;
      if (!pod) continue;
      expect(pod.securityContext, objectId(o)).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      for (const c of containersOf(podSpecOf(o)!) as Container[]) {
        const where = `${objectId(o)} ${c.name}`;
        expect(c.securityContext, where).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(c.resources, where).toMatchObject({
          requests: { cpu: expect.any(String), memory: expect.any(String) },
          limits: { memory: expect.any(String) },
        });
        expect(c.image, where).toMatch(/^[a-z0-9./-]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/);
        expect(c.image, where).not.toMatch(/:latest$/);
      }
    }
  });

  it("serves /api/healthz for liveness and /api/readyz for readiness, on the container's port", () => {
    const vigil = container(vigilDeployment(objects), "vigil");
    const portName = vigil.ports![0]!.name;
    expect(vigil.livenessProbe).toMatchObject({ httpGet: { path: "/api/healthz", port: portName } });
    expect(vigil.startupProbe).toMatchObject({ httpGet: { path: "/api/healthz", port: portName } });
    expect(vigil.readinessProbe).toMatchObject({ httpGet: { path: "/api/readyz", port: portName } });
    for (const route of ["healthz", "readyz"]) expect(existsSync(path.join(root, "app/api", route, "route.ts"))).toBe(true);
  });

  it("passes the app only settings that lib/env.ts knows, and every secret it needs", () => {
    const known = new Set([...readFileSync(path.join(root, "lib/env.ts"), "utf8").matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
    const vigil = container(vigilDeployment(objects), "vigil");
    const names = [...(vigil.env ?? []).map((e) => e.name), ...Object.keys(configData(objects, "vigil-config"))];
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    const fromSecrets = (vigil.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
    expect(fromSecrets).toEqual(expect.arrayContaining(["DATABASE_URL", "NEXTAUTH_SECRET", "VIGIL_WEBHOOK_TOKEN"]));
    // Secrets never sit in the ConfigMap.
    expect(Object.keys(configData(objects, "vigil-config")).filter((k) => /SECRET|TOKEN|PASSWORD|DATABASE_URL/.test(k))).toEqual([]);
  });

  it("migrates with the image's migration bundle before the server starts, as the Dockerfile lays it out", () => {
    const deployment = vigilDeployment(objects);
    const migrate = container(deployment, "migrate");
    const dockerfile = parseDockerfile(readFileSync(path.join(root, "Dockerfile"), "utf8"));
    const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
    const workdir = workdirOf(runtime);
    const bundleDest = runtime.instructions
      .filter((i) => i.keyword === "COPY")
      .map(copyOf)
      .find((c) => c.sources[0]!.endsWith("/migrate"))!.dest;
    expect(migrate.workingDir).toBe(path.posix.join(workdir, bundleDest));
    expect(migrate.command).toEqual(migrateCommand);
    expect((podSpecOf(deployment) as { initContainers: Container[] }).initContainers.map((c) => c.name)).toEqual(["migrate"]);
    const dbUrl = (c: Container, name = "DATABASE_URL") => c.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
    expect(dbUrl(migrate)).toEqual(dbUrl(container(deployment, "vigil")));
    // The owner role's URL (lib/db/roles.ts) reaches the migration only, never the server.
    expect(dbUrl(migrate, "DATABASE_OWNER_URL")).toEqual({ name: "vigil", key: "DATABASE_OWNER_URL", optional: true });
    expect(dbUrl(container(deployment, "vigil"), "DATABASE_OWNER_URL")).toBeUndefined();
    // The pod runs as the image's user; the writable paths are emptyDirs where the image expects them.
    const user = runtime.instructions
      .filter((i) => i.keyword === "USER")
      .pop()!
      .args.split(":")
      .map(Number);
    const pod = podSpecOf(deployment) as {
      securityContext: { runAsUser: number; runAsGroup: number };
      volumes: { name: string; emptyDir?: object }[];
    };
    expect([pod.securityContext.runAsUser, pod.securityContext.runAsGroup]).toEqual(user);
    const mounts = (container(deployment, "vigil").volumeMounts as { name: string; mountPath: string }[]).filter(
      (m) => pod.volumes.find((v) => v.name === m.name)?.emptyDir,
    );
    expect(mounts.map((m) => m.mountPath).sort()).toEqual([path.posix.join(workdir, ".next/cache"), "/tmp"]);
  });

  it("grants exactly the Kubernetes calls the cluster port makes: reads everywhere, writes only by RoleBinding, nothing on secrets", () => {
    const roles = new Map(
      objects
        .filter((o) => o.kind === "ClusterRole" || o.kind === "Role")
        .map((o) => [`${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`, o as K8sObject & { rules: Rule[] }]),
    );
    const isVigil = (s: Subject) => s.kind === "ServiceAccount" && s.name === "vigil" && s.namespace === "vigil";
    const bindings = objects.filter(
      (o): o is Binding => (o.kind === "ClusterRoleBinding" || o.kind === "RoleBinding") && ((o as Binding).subjects ?? []).some(isVigil),
    );
    const granted = (b: Binding) => {
      const role = roles.get(`${b.roleRef.kind}/${b.roleRef.kind === "Role" ? b.metadata.namespace : ""}/${b.roleRef.name}`);
      expect(role, `${objectId(b)} refers to a role that is not rendered`).toBeDefined();
      return role!.rules.flatMap((r) => {
        expect(r.nonResourceURLs ?? [], objectId(role!)).toEqual([]);
        expect(r.resourceNames ?? [], objectId(role!)).toEqual([]);
        return r.apiGroups!.flatMap((g) => r.resources!.flatMap((res) => r.verbs!.map((v) => triple(g, res, v))));
      });
    };
    const clusterWide = new Set(bindings.filter((b) => b.kind === "ClusterRoleBinding").flatMap(granted));
    const reads = new Set(clusterReadCalls.flatMap((c) => c.verbs.map((v) => triple(c.group, c.resource, v))));
    const writes = new Set(clusterWriteCalls.flatMap((c) => c.verbs.map((v) => triple(c.group, c.resource, v))));
    expect([...clusterWide].sort()).toEqual([...reads].sort());
    const roleBindings = bindings.filter((b) => b.kind === "RoleBinding");
    for (const b of roleBindings) expect(new Set(granted(b)), objectId(b)).toEqual(writes);
    const all = [...clusterWide, ...roleBindings.flatMap(granted)];
    expect(all.filter((t) => t.includes("*") || /\bsecrets\b/.test(t))).toEqual([]);
    // Every role is bound to Vigil, and nothing else (Ollama) gets a binding.
    const bound = new Set(bindings.map((b) => b.roleRef.name));
    expect([...roles.values()].map((r) => r.metadata.name).filter((n) => !bound.has(n))).toEqual([]);
    expect(objects.filter((o) => o.kind.endsWith("Binding") && !bindings.includes(o as Binding)).map(objectId)).toEqual([]);
  });

  it("binds the write role in exactly the namespaces the remediation policy allows", () => {
    const policyFile = JSON.parse(configData(objects, "vigil-policy")["policy.json"]!) as PolicyFile;
    const policy = loadPolicyConfig(policyFile);
    for (const ns of policy.allowedNamespaces) expect(ns, "a RoleBinding needs a concrete namespace, not a pattern").not.toContain("*");
    expect(policy.allowedNamespaces.filter((ns) => policy.deniedNamespaces.includes(ns))).toEqual([]);
    const writeNamespaces = objects
      .filter((o) => o.kind === "RoleBinding" && (o as Binding).roleRef.name === "vigil-remediate")
      .map((o) => o.metadata.namespace);
    expect(writeNamespaces.sort()).toEqual([...policy.allowedNamespaces].sort());
    // The app reads the policy from where the ConfigMap is mounted.
    const deployment = vigilDeployment(objects);
    const mount = (container(deployment, "vigil").volumeMounts as { name: string; mountPath: string }[]).find((m) => m.name === "policy")!;
    const volume = (podSpecOf(deployment) as { volumes: { name: string; configMap?: { name: string } }[] }).volumes.find(
      (v) => v.name === "policy",
    )!;
    expect(volume.configMap!.name).toBe(find(objects, "ConfigMap", "vigil-policy-", "vigil").metadata.name);
    expect(configData(objects, "vigil-config").VIGIL_POLICY_FILE).toBe(`${mount.mountPath}/policy.json`);
  });

  it("queues Vigil's API requests in a small priority level of their own (API Priority and Fairness)", () => {
    const flow = find(objects, "FlowSchema", "vigil") as K8sObject & {
      spec: {
        priorityLevelConfiguration: { name: string };
        matchingPrecedence: number;
        rules: { subjects: { kind: string; serviceAccount?: { name: string; namespace: string } }[] }[];
      };
    };
    expect(flow.spec.rules.flatMap((r) => r.subjects)).toEqual([
      { kind: "ServiceAccount", serviceAccount: { name: "vigil", namespace: "vigil" } },
    ]);
    // After the built-in system schemas, before the catch-all `service-accounts` (9000).
    expect(flow.spec.matchingPrecedence).toBeGreaterThan(900);
    expect(flow.spec.matchingPrecedence).toBeLessThan(9000);
    const level = find(objects, "PriorityLevelConfiguration", flow.spec.priorityLevelConfiguration.name) as K8sObject & {
      spec: { type: string; limited: { nominalConcurrencyShares: number; borrowingLimitPercent: number; limitResponse: { type: string } } };
    };
    expect(level.spec.type).toBe("Limited");
    expect(level.spec.limited.nominalConcurrencyShares).toBeLessThanOrEqual(10);
    expect(level.spec.limited.borrowingLimitPercent).toBe(0);
    expect(level.spec.limited.limitResponse.type).toBe("Queue");
  });

  it("lets traffic in only from the ingress controller and Alertmanager, and out only to what Vigil uses", () => {
    type Peer = {
      namespaceSelector?: { matchLabels: Record<string, string> };
      podSelector?: { matchLabels: Record<string, string> };
      ipBlock?: object;
    };
    type Policy = K8sObject & {
      spec: {
        podSelector: { matchLabels: Record<string, string> };
        policyTypes: string[];
        ingress: { from: Peer[]; ports: { port: string | number }[] }[];
        egress: { to?: Peer[]; ports: { port: number; protocol: string }[] }[];
      };
    };
    const policy = find(objects, "NetworkPolicy", "vigil", "vigil") as Policy;
    const deployment = vigilDeployment(objects);
    const podLabels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    expect(podLabels).toMatchObject(policy.spec.podSelector.matchLabels);
    expect(policy.spec.policyTypes.sort()).toEqual(["Egress", "Ingress"]);
    const sources = policy.spec.ingress.flatMap((r) =>
      r.from.map(
        (p) => p.podSelector?.matchLabels["app.kubernetes.io/name"] ?? p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"],
      ),
    );
    expect(sources.sort()).toEqual(["alertmanager", "ingress-nginx"]);
    // The console's port to the ingress controller, the webhook's own port to Alertmanager: neither reaches the other's.
    const portOf = (peer: string) =>
      policy.spec.ingress
        .filter((r) => r.from.some((p) => JSON.stringify(p).includes(`"${peer}"`)))
        .flatMap((r) => r.ports.map((p) => p.port));
    expect(portOf("ingress-nginx")).toEqual(["http"]);
    expect(portOf("alertmanager")).toEqual(["ingest"]);
    expect(container(deployment, "vigil").ports!.map((p) => p.name)).toEqual(["http", "ingest"]);
    const egressPorts = policy.spec.egress.flatMap((r) => r.ports.map((p) => `${p.protocol}/${p.port}`)).sort();
    expect(egressPorts).toEqual(["TCP/11434", "TCP/443", "TCP/53", "TCP/5432", "TCP/6443", "TCP/9090", "UDP/53"].sort());
  });

  it("admits Vigil's Deployment writes only with its trace annotation and field manager (Kyverno)", () => {
    const policy = find(objects, "ClusterPolicy", "vigil-traced-writes") as K8sObject & {
      spec: {
        background: boolean;
        rules: {
          match: { any: { resources: { kinds: string[]; operations: string[] }; subjects: Subject[] }[] };
          validate: { failureAction: string; deny: { conditions: { any: { key: string; operator: string; value: string }[] } } };
        }[];
      };
    };
    expect(policy.spec.background).toBe(false);
    const [rule] = policy.spec.rules;
    expect(rule!.match.any).toEqual([
      {
        resources: { kinds: ["apps/v1/Deployment"], operations: ["UPDATE"] },
        subjects: [{ kind: "ServiceAccount", name: "vigil", namespace: "vigil" }],
      },
    ]);
    expect(rule!.validate.failureAction).toBe("Enforce");
    const conditions = JSON.stringify(rule!.validate.deny.conditions);
    expect(conditions).toContain(`annotations.\\"${traceAnnotation}\\"`);
    expect(conditions).toContain("request.options.fieldManager");
    // The field manager Kyverno expects is the one the writer sends.
    const prefix = fieldManagerFor("TRACE").replace("TRACE", "");
    expect(rule!.validate.deny.conditions.any.find((c) => c.key.includes("fieldManager"))!.value.startsWith(`${prefix}{{`)).toBe(true);
  });

  it("points Alertmanager at the webhook with the token Vigil checks", () => {
    const config = find(objects, "AlertmanagerConfig", "vigil", "vigil") as K8sObject & {
      spec: {
        route: { receiver: string };
        receivers: {
          name: string;
          webhookConfigs: {
            url: string;
            sendResolved: boolean;
            httpConfig: { authorization: { type: string; credentials: { name: string; key: string } } };
          }[];
        }[];
      };
    };
    const service = find(objects, "Service", "vigil", "vigil") as K8sObject & {
      spec: { ports: { name: string; port: number; targetPort: string }[] };
    };
    const [receiver] = config.spec.receivers;
    expect(config.spec.route.receiver).toBe(receiver!.name);
    const [webhook] = receiver!.webhookConfigs;
    // The Service's ingest port, which leads to the container port the server's VIGIL_INGEST_PORT opens.
    const ingest = service.spec.ports.find((p) => p.name === "ingest")!;
    expect(webhook!.url).toBe(`http://${service.metadata.name}.${service.metadata.namespace}.svc:${ingest.port}${WEBHOOK_PATH}`);
    const containerPort = container(vigilDeployment(objects), "vigil").ports!.find((p) => p.name === ingest.targetPort)!.containerPort;
    expect(configData(objects, "vigil-config").VIGIL_INGEST_PORT).toBe(String(containerPort));
    expect(webhook!.sendResolved).toBe(true);
    const token = container(vigilDeployment(objects), "vigil").env!.find((e) => e.name === "VIGIL_WEBHOOK_TOKEN")!.valueFrom!.secretKeyRef!;
    expect(webhook!.httpConfig.authorization).toEqual({ type: "Bearer", credentials: { name: token.name, key: token.key } });
  });

  it("pulls the model the app asks Ollama for, from the Service it points at", () => {
    const config = configData(objects, "vigil-config");
    const job = find(objects, "Job", "ollama-pull-model", "vigil");
    const pull = container(job, "pull");
    expect(pull.env!.find((e) => e.name === "OLLAMA_MODEL")!.value).toBe(config.OLLAMA_MODEL);
    const service = find(objects, "Service", "ollama", "vigil") as K8sObject & { spec: { ports: { port: number }[] } };
    const url = `http://${service.metadata.name}.${service.metadata.namespace}.svc:${service.spec.ports[0]!.port}`;
    expect(config.OLLAMA_HOST).toBe(url);
    expect(pull.env!.find((e) => e.name === "OLLAMA_HOST")!.value).toBe(url);
  });

  it("selects pods that exist with every Service, PodDisruptionBudget and Ingress backend", () => {
    const podLabels = objects
      .map((o) => (o.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels)
      .filter(Boolean) as Record<string, string>[];
    const selects = (selector: Record<string, string>) =>
      podLabels.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    for (const s of objects.filter((o) => o.kind === "Service"))
      expect(selects((s.spec as { selector: Record<string, string> }).selector), objectId(s)).toBe(true);
    for (const p of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
      const spec = p.spec as { minAvailable: number; selector: { matchLabels: Record<string, string> } };
      expect(selects(spec.selector.matchLabels), objectId(p)).toBe(true);
      expect(spec.minAvailable).toBeLessThan((vigilDeployment(objects).spec as { replicas: number }).replicas);
    }
    for (const i of objects.filter((o) => o.kind === "Ingress")) {
      const backends = (
        i.spec as { rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[] }
      ).rules.flatMap((r) => r.http.paths.map((p) => p.backend.service));
      for (const b of backends)
        expect(
          (find(objects, "Service", b.name, i.metadata.namespace).spec as { ports: { name: string }[] }).ports.map((p) => p.name),
        ).toContain(b.port.name);
    }
  });
});

describe("prod", () => {
  it("runs several replicas spread over nodes, with a disruption budget and an Ingress", () => {
    const objects = rendered.get("prod")!;
    expect((vigilDeployment(objects).spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(3);
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(["PodDisruptionBudget", "Ingress"]));
    expect(configData(objects, "vigil-config").VIGIL_SECURE_COOKIES).toBe("true");
  });
});
