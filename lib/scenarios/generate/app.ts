// The software a workload runs: runtime, framework, ports, probe paths, env and resources, so a
// Spring Boot service gets /actuator/health on a management port and a FastAPI one port 8000.
import { makeLogger, RUNTIMES, type Runtime } from "./runtimes";
import type { App, ContainerSpec, Obj, World } from "./types";

const FRAMEWORKS: Record<Runtime, string[]> = {
  go: ["Go net/http", "Go (chi)", "Go (gin)", "Go (echo)"],
  java: ["Spring Boot"],
  node: ["Express", "Fastify", "NestJS"],
  python: ["FastAPI", "FastAPI", "Django", "Flask"],
  dotnet: ["ASP.NET Core"],
  nginx: ["nginx"],
};

export function createApp(w: World, name: string, runtime?: Runtime): App {
  const { g } = w;
  const rt = runtime ?? g.weighted<Runtime>(RUNTIMES.map((r) => [r, r === "nginx" ? 1 : 3] as const));
  w.runtimes.add(rt);
  const framework = g.pick(FRAMEWORKS[rt]);
  const base = {
    name,
    runtime: rt,
    framework,
    container: g.chance(0.8) ? name : g.pick(["app", "server", "api", "main"]),
    repo: repoFor(w, name),
  };
  const logger = makeLogger(g, rt, name, w.cluster.domain, name);
  switch (rt) {
    case "java":
      return {
        ...base,
        logger,
        port: 8080,
        mgmtPort: g.pick([8081, 9090, 8080]),
        healthPath: "/actuator/health/liveness",
        readyPath: "/actuator/health/readiness",
      };
    case "go":
      return {
        ...base,
        logger,
        port: g.pick([8080, 8000, 9000]),
        healthPath: g.pick(["/healthz", "/livez", "/health"]),
        readyPath: g.pick(["/readyz", "/healthz"]),
      };
    case "node":
      return {
        ...base,
        logger,
        port: g.pick([3000, 8080, 4000]),
        healthPath: g.pick(["/health", "/healthz", "/_health"]),
        readyPath: g.pick(["/ready", "/health/ready"]),
      };
    case "python":
      return {
        ...base,
        logger,
        port: g.pick([8000, 8080, 5000]),
        healthPath: g.pick(["/healthz", "/health", "/ping"]),
        readyPath: g.pick(["/readyz", "/healthz"]),
      };
    case "dotnet":
      return { ...base, logger, port: g.pick([8080, 80, 5000]), healthPath: "/health/live", readyPath: "/health/ready" };
    case "nginx":
      return {
        ...base,
        logger,
        port: g.pick([8080, 80]),
        healthPath: g.pick(["/nginx-health", "/healthz", "/"]),
        readyPath: g.pick(["/nginx-health", "/healthz"]),
      };
  }
}

function repoFor(w: World, name: string): string {
  const { cluster, g } = w;
  return cluster.provider === "kubeadm" || g.chance(0.5) ? `${cluster.registry}/${name}` : `${cluster.registry}/${w.team}/${name}`;
}

export const MEM_SIZES = [256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096];

export function memLimitOf(c: ContainerSpec): number {
  const lim = ((c.resources as Obj | undefined)?.limits as Obj | undefined)?.memory;
  if (typeof lim !== "string") return 1024;
  return lim.endsWith("Gi") ? Number(lim.slice(0, -2)) * 1024 : Number(lim.replace(/Mi$/, ""));
}

function env(app: App, w: World): Obj[] {
  const { g } = w;
  const e = (name: string, value: string) => ({ name, value });
  switch (app.runtime) {
    case "java":
      return [
        e("SPRING_PROFILES_ACTIVE", g.pick(["prod", "prod,json-logs", "kubernetes"])),
        e("JAVA_TOOL_OPTIONS", `-XX:MaxRAMPercentage=${g.pick([70, 75, 80])}`),
        e("SERVER_PORT", String(app.port)),
      ];
    case "go":
      return [
        e("LOG_LEVEL", "info"),
        e("HTTP_ADDR", `:${app.port}`),
        { name: "GOMAXPROCS", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1" } } },
      ];
    case "node":
      return [
        e("NODE_ENV", "production"),
        e("PORT", String(app.port)),
        e("NODE_OPTIONS", `--max-old-space-size=${g.pick([384, 768, 1536])}`),
      ];
    case "python":
      return [e("PYTHONUNBUFFERED", "1"), e("WEB_CONCURRENCY", String(g.int(2, 8))), e("APP_ENV", "production")];
    case "dotnet":
      return [e("ASPNETCORE_URLS", `http://+:${app.port}`), e("ASPNETCORE_ENVIRONMENT", "Production"), e("DOTNET_gcServer", "1")];
    case "nginx":
      return [];
  }
}

export function mainContainer(w: World, app: App, version: string, opts: { memMi?: number; cpu?: string | null } = {}): ContainerSpec {
  const { g } = w;
  const memMi = opts.memMi ?? g.pick(MEM_SIZES.slice(1, 7));
  const cpu = opts.cpu === undefined ? g.pick([null, "500m", "1", "2"]) : opts.cpu;
  const ports: Obj[] = [{ name: "http", containerPort: app.port, protocol: "TCP" }];
  if (app.mgmtPort && app.mgmtPort !== app.port) ports.push({ name: "management", containerPort: app.mgmtPort, protocol: "TCP" });
  const probePort = app.mgmtPort && app.mgmtPort !== app.port ? "management" : "http";
  const image =
    app.runtime === "nginx" && g.chance(0.3)
      ? `nginxinc/nginx-unprivileged:${g.pick(["1.25.4", "1.27.1", "1.26.2"])}-alpine`
      : `${app.repo}:${version}`;
  return {
    name: app.container,
    image,
    ports,
    env: env(app, w),
    resources: {
      limits: { ...(cpu ? { cpu } : {}), memory: memMi >= 1024 && memMi % 1024 === 0 ? `${memMi / 1024}Gi` : `${memMi}Mi` },
      requests: { cpu: g.pick(["100m", "200m", "250m", "500m"]), memory: `${Math.round((memMi * g.pick([0.5, 0.75, 1])) / 64) * 64}Mi` },
    },
    livenessProbe: {
      httpGet: { path: app.healthPath, port: probePort, scheme: "HTTP" },
      initialDelaySeconds: g.pick([10, 15, 30, 60]),
      timeoutSeconds: g.pick([1, 2, 5]),
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    readinessProbe: {
      httpGet: { path: app.readyPath, port: probePort, scheme: "HTTP" },
      initialDelaySeconds: g.pick([5, 10, 20]),
      timeoutSeconds: g.pick([1, 2, 3]),
      periodSeconds: g.pick([5, 10]),
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    imagePullPolicy: "IfNotPresent",
  };
}

export type SidecarKind = "istio-proxy" | "cloud-sql-proxy" | "fluent-bit" | "oauth2-proxy" | "otel-collector";

export function sidecar(w: World, kind: SidecarKind): ContainerSpec {
  const { g } = w;
  const mk = (image: string, mem: string, extra: Obj = {}): ContainerSpec => ({
    name: kind,
    image,
    resources: { limits: { cpu: "200m", memory: mem }, requests: { cpu: "10m", memory: mem } },
    imagePullPolicy: "IfNotPresent",
    ...extra,
  });
  switch (kind) {
    case "istio-proxy":
      return mk(`docker.io/istio/proxyv2:${g.pick(["1.21.2", "1.22.3", "1.23.1"])}`, g.pick(["128Mi", "256Mi"]), {
        args: ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
      });
    case "cloud-sql-proxy":
      return mk(`gcr.io/cloud-sql-connectors/cloud-sql-proxy:${g.pick(["2.11.4", "2.13.0"])}`, "128Mi", {
        args: ["--structured-logs", "--port=5432", `${w.cluster.domain}-prod:${w.cluster.region}:main-pg`],
      });
    case "fluent-bit":
      return mk(`cr.fluentbit.io/fluent/fluent-bit:${g.pick(["2.2.3", "3.1.4", "3.0.7"])}`, g.pick(["64Mi", "96Mi", "128Mi"]));
    case "oauth2-proxy":
      return mk(`quay.io/oauth2-proxy/oauth2-proxy:v${g.pick(["7.6.0", "7.7.1"])}`, "64Mi", {
        args: ["--http-address=0.0.0.0:4180", "--provider=oidc"],
      });
    case "otel-collector":
      return mk(`otel/opentelemetry-collector-contrib:${g.pick(["0.104.0", "0.110.0"])}`, g.pick(["128Mi", "256Mi"]));
  }
}

export function setEnv(c: ContainerSpec, name: string, value: string | Obj): void {
  const list = ((c.env as Obj[] | undefined) ?? []).filter((e) => e.name !== name);
  list.push(typeof value === "string" ? { name, value } : { name, valueFrom: value });
  c.env = list;
}
