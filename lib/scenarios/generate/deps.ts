// Dependencies an app calls: in-cluster PostgreSQL, MySQL, Redis and Kafka StatefulSets with
// their Services and server logs, managed databases, and external HTTP APIs.
import { addPvc, addService } from "./k8s-objects";
import { createWorkload, current, spawnPods } from "./k8s-workloads";
import { ip } from "./names";
import type { Peer, PeerKind } from "./phrase";
import { makeLogger } from "./runtimes";
import { iso, isoMs, parts, SEC } from "./time";
import type { App, ContainerSpec, PodPlan, Workload, World } from "./types";
import { addLog, logKey } from "./world";

export type Dep = Peer & { wl?: Workload; image?: string };

const IMAGES: Record<ServerKind, string[]> = {
  postgres: ["postgres:16.4", "postgres:15.8-alpine", "docker.io/bitnami/postgresql:16.4.0-debian-12-r9", "postgres:14.13"],
  mysql: ["mysql:8.0.39", "docker.io/bitnami/mysql:8.4.2-debian-12-r4", "mysql:8.4.2"],
  redis: ["redis:7.2.5", "docker.io/bitnami/redis:7.2.5-debian-12-r4", "redis:7.4.0-alpine"],
  kafka: ["docker.io/bitnami/kafka:3.7.1-debian-12-r4", "quay.io/strimzi/kafka:0.42.0-kafka-3.7.1", "confluentinc/cp-kafka:7.6.1"],
};
const PORTS = { postgres: 5432, mysql: 3306, redis: 6379, kafka: 9092, http: 443 };
const EXTERNAL = [
  "api.stripe.com",
  "api.partner-rates.com",
  "api.sendgrid.com",
  "hooks.slack.com",
  "api.taxjar.com",
  "graph.microsoft.com",
  "api.shipengine.com",
  "sandbox.adyen.com",
  "api.twilio.com",
  "auth.vendor-sso.net",
];

/** A log line as the dependency's server writes it. */
export function serverLine(
  kind: PeerKind,
  t: number,
  level: "LOG" | "FATAL" | "PANIC" | "ERROR" | "WARNING" | "INFO",
  msg: string,
): string {
  const p = parts(t);
  switch (kind) {
    case "postgres":
      return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}.${p.ms} UTC [${1 + (t % 97)}] ${level}:  ${msg}`;
    case "mysql":
      return `${isoMs(t).replace("Z", "123Z")} 0 [${level === "LOG" || level === "INFO" ? "System" : level === "WARNING" ? "Warning" : "ERROR"}] ${msg}`;
    case "redis":
      return `1:M ${p.d} ${p.mon} ${p.y} ${p.h}:${p.mi}:${p.s}.${p.ms} ${level === "LOG" || level === "INFO" ? "*" : "#"} ${msg}`;
    case "kafka":
      return `[${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s},${p.ms}] ${level === "LOG" ? "INFO" : level} ${msg}`;
    case "http":
      return `${isoMs(t)} ${msg}`;
  }
}

const READY: Record<ServerKind, string[]> = {
  postgres: [
    "starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+1) on x86_64-pc-linux-gnu",
    'listening on IPv4 address "0.0.0.0", port 5432',
    "database system was shut down at 2024-01-01 00:00:00 UTC",
    "database system is ready to accept connections",
  ],
  mysql: [
    "[MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.39) starting as process 1",
    "[MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.39'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
  ],
  redis: [
    "Redis version=7.2.5, bits=64, commit=00000000, modified=0, pid=1, just started",
    "Server initialized",
    "Ready to accept connections tcp",
  ],
  kafka: [
    "[KafkaRaftServer nodeId=0] Kafka Server started (kafka.server.KafkaRaftServer)",
    "[BrokerServer id=0] Transition from STARTING to STARTED (kafka.server.BrokerServer)",
  ],
};

type ServerKind = Exclude<PeerKind, "http">;

export function serverLog(
  w: World,
  kind: ServerKind,
  container: string,
  pod: PodPlan,
  from: number,
  lines: { dt: number; level: Parameters<typeof serverLine>[2]; msg: string }[],
  previous = false,
): void {
  const key = logKey(pod.ns, pod.name, container, previous);
  for (const l of lines) addLog(w, key, from + l.dt, serverLine(kind, from + l.dt, l.level, l.msg));
}

/** Ready-to-serve start-up lines for a dependency pod (its log since the container started). */
export function healthyServer(w: World, kind: ServerKind, container: string, pod: PodPlan, from: number, previous = false): void {
  const stamp = iso(from - 30 * SEC)
    .replace("T", " ")
    .replace("Z", " UTC");
  serverLog(
    w,
    kind,
    container,
    pod,
    from,
    READY[kind].map((msg, i) => ({ dt: i * 200 + 100, level: "LOG" as const, msg: msg.replace("2024-01-01 00:00:00 UTC", stamp) })),
    previous,
  );
}

export function addDep(w: World, kind: PeerKind, o: { inCluster?: boolean; name?: string; path?: string } = {}): Dep {
  const { g } = w;
  if (kind === "http") {
    const internal = o.inCluster ?? g.chance(0.3);
    if (internal) {
      const name = o.name ?? `${g.pick(["pricing", "tax", "fx", "inventory", "identity", "ledger", "rates"])}-service`;
      const svc = addService(w, name, { "app.kubernetes.io/name": name }, 8080, { portName: "http" });
      return {
        kind,
        name,
        host: g.chance(0.5) ? svc.fqdn : name,
        ip: svc.ip,
        port: 8080,
        path: o.path ?? g.pick(["/v1/quote", "/api/rates", "/internal/check"]),
      };
    }
    const host = g.pick(EXTERNAL);
    return {
      kind,
      name: host.split(".")[1] ?? host,
      host,
      ip: `${g.int(3, 200)}.${g.int(0, 250)}.${g.int(0, 250)}.${g.int(2, 250)}`,
      port: 443,
      path: o.path ?? g.pick(["/v1/charges", "/v3/mail/send", "/v2/rates", "/oauth2/token", "/v1/labels"]),
    };
  }
  const inCluster = o.inCluster ?? (kind === "kafka" || g.chance(0.7));
  const port = PORTS[kind];
  if (!inCluster) {
    const name = o.name ?? `${w.ns}-${kind === "postgres" ? "pg" : kind}`;
    const id = g.chars(12, "abcdefghijklmnopqrstuvwxyz0123456789");
    const region = w.cluster.region;
    // Managed services name their endpoints their own way (RDS, ElastiCache, MSK, Azure, Cloud SQL).
    const hosts: Record<string, Record<string, string>> = {
      eks: {
        postgres: `${name}.cluster-${id}.${region}.rds.amazonaws.com`,
        mysql: `${name}.cluster-${id}.${region}.rds.amazonaws.com`,
        redis: `master.${name}.${id.slice(0, 6)}.${({ "us-east-1": "use1", "us-west-2": "usw2", "eu-west-1": "euw1", "eu-central-1": "euc1", "ap-southeast-2": "apse2" } as Record<string, string>)[region] ?? "use1"}.cache.amazonaws.com`,
        kafka: `b-1.${name}.${id.slice(0, 6)}.c3.kafka.${region}.amazonaws.com`,
      },
      aks: {
        postgres: `${name}.postgres.database.azure.com`,
        mysql: `${name}.mysql.database.azure.com`,
        redis: `${name}.redis.cache.windows.net`,
        kafka: `${name}.servicebus.windows.net`,
      },
    };
    const host =
      hosts[w.cluster.provider]?.[kind] ?? `${name}.${kind === "postgres" || kind === "mysql" ? "db" : kind}.${w.cluster.domain}.internal`;
    return { kind, name, host, ip: ip(g, "10.20"), port, db: w.ns.replace(/-/g, "_") };
  }
  const name =
    o.name ??
    g.pick(
      {
        postgres: [`${w.ns}-db`, "postgres", `${w.ns}-postgresql`],
        mysql: ["mysql", `${w.ns}-mysql`],
        redis: ["redis-master", "redis", `${w.ns}-redis`],
        kafka: ["kafka", `${w.ns}-kafka`],
      }[kind],
    );
  const image = g.pick(IMAGES[kind]);
  const container = image.includes("bitnami") ? { postgres: "postgresql", mysql: "mysql", redis: "redis", kafka: "kafka" }[kind] : kind;
  const app: App = {
    name,
    runtime: "go",
    logger: makeLogger(g, "go", name, w.cluster.domain, name),
    container,
    port,
    healthPath: "",
    readyPath: "",
    repo: image.replace(/:[^:]+$/, ""),
    framework: kind,
    server: kind,
  };
  const mem = { postgres: "2Gi", mysql: "2Gi", redis: "1Gi", kafka: "4Gi" }[kind];
  const spec = (): ContainerSpec => ({
    name: container,
    image,
    ports: [{ name: kind === "postgres" ? "tcp-postgresql" : `tcp-${kind}`, containerPort: port, protocol: "TCP" }],
    resources: { limits: { memory: mem }, requests: { cpu: "250m", memory: mem } },
    volumeMounts: [
      {
        name: "data",
        mountPath: { postgres: "/var/lib/postgresql/data", mysql: "/var/lib/mysql", redis: "/data", kafka: "/bitnami/kafka" }[kind],
      },
    ],
    readinessProbe:
      kind === "postgres"
        ? {
            exec: { command: ["/bin/sh", "-c", "pg_isready -U postgres -h 127.0.0.1 -p 5432"] },
            periodSeconds: 10,
            timeoutSeconds: 5,
            failureThreshold: 6,
          }
        : { tcpSocket: { port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  });
  const wl = createWorkload(w, {
    kind: "StatefulSet",
    name,
    app,
    version: image.split(":")[1] ?? "latest",
    build: () => ({ containers: [spec()], init: [] }),
    replicas: kind === "kafka" ? 3 : 1,
    history: 0,
  });
  wl.revisions.forEach((r) => (r.containers[0] = { ...spec() }));
  wl.claimTemplates = [
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${g.pick([8, 20, 50, 100])}Gi` } } },
    },
  ];
  const pods = spawnPods(w, wl, current(wl));
  for (const p of pods) addPvc(w, `data-${p.name}`, g.pick([8, 20, 50, 100]), wl.labels, wl.createdAt);
  addService(w, `${name}-headless`, wl.labels, port, { headless: true, portName: `tcp-${kind}` });
  const svc = addService(w, name, wl.labels, port, { portName: `tcp-${kind}` });
  const dep: Dep = { kind, name, host: g.chance(0.6) ? svc.host : svc.fqdn, ip: svc.ip, port, db: w.ns.replace(/-/g, "_"), wl, image };
  return dep;
}
