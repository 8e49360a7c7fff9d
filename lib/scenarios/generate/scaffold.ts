// Creates the workload an incident is about (its kind, name, software, revisions and running
// pods, plus a Service for servers) before a cause bends it out of shape.
import { createApp, mainContainer, sidecar, type SidecarKind } from "./app";
import { addService } from "./k8s-objects";
import { createWorkload, current, spawnPods, type Build } from "./k8s-workloads";
import { serviceName, version as newVersion } from "./names";
import type { Runtime } from "./runtimes";
import { DAY, HOUR, MIN } from "./time";
import type { App, ContainerSpec, PodPlan, Workload, World } from "./types";

export type TargetKind = "Deployment" | "StatefulSet" | "DaemonSet" | "Job" | "CronJob" | "Pod";
export type Target = { wl: Workload; app: App; pods: PodPlan[]; kind: TargetKind; version: string; build: Build };
export type ScaffoldOpts = {
  kinds: readonly (readonly [TargetKind, number])[];
  runtimes?: readonly Runtime[];
  replicas?: number;
  memMi?: number;
  cpu?: string | null;
  sidecar?: SidecarKind | null;
  init?: (app: App, version: string) => ContainerSpec[];
  /** When the current revision rolled out; default days ago (Jobs: minutes ago). */
  revisionAt?: number;
  history?: number;
  name?: string;
};

const AGENTS = [
  "node-agent",
  "log-shipper",
  "metrics-agent",
  "node-exporter-ext",
  "falco-lite",
  "csi-node-helper",
  "netmon-agent",
  "trace-agent",
];
const JOBS = [
  "nightly-report",
  "db-migrate",
  "ledger-export",
  "search-reindex",
  "partner-sync",
  "invoice-run",
  "data-backfill",
  "cache-warmup",
  "gdpr-purge",
  "settlement-batch",
];
const CRONS = [
  "hourly-rollup",
  "stale-cart-cleanup",
  "feed-import",
  "usage-aggregator",
  "reconcile-payments",
  "sitemap-builder",
  "token-rotation",
  "digest-mailer",
];

const kindPicker = (w: World, kinds: ScaffoldOpts["kinds"]) => w.g.weighted(kinds);

export function scaffold(w: World, o: ScaffoldOpts): Target {
  const { g } = w;
  const kind = kindPicker(w, o.kinds);
  const isJob = kind === "Job" || kind === "CronJob";
  const name =
    o.name ??
    (kind === "DaemonSet"
      ? g.pick(AGENTS)
      : kind === "Job"
        ? g.pick(JOBS)
        : kind === "CronJob"
          ? g.pick(CRONS)
          : kind === "Pod"
            ? `${serviceName(g, w.names)}-${g.pick(["debug", "oneoff", "manual", "canary", "test"])}`
            : serviceName(g, w.names));
  const allowed =
    o.runtimes ?? (kind === "DaemonSet" ? ["go", "go", "python", "node"] : isJob ? ["python", "go", "java", "node", "dotnet"] : undefined);
  const app = createApp(w, name, allowed ? g.pick(allowed) : undefined);
  const version = newVersion(g);
  const side =
    o.sidecar === undefined
      ? g.chance(0.3) && (kind === "Deployment" || kind === "StatefulSet")
        ? g.pick<SidecarKind>(["istio-proxy", "cloud-sql-proxy", "fluent-bit", "oauth2-proxy", "otel-collector"])
        : null
      : o.sidecar;
  const cpu = o.cpu;
  const memMi = o.memMi ?? g.pick([256, 384, 512, 768, 1024, 1536, 2048]);
  const build = (v: string) => {
    const main = mainContainer(w, app, v, { memMi, cpu });
    if (isJob) {
      delete main.livenessProbe;
      delete main.readinessProbe;
      delete main.ports;
    }
    return { containers: side ? [main, sidecar(w, side)] : [main], init: o.init ? o.init(app, v) : [] };
  };
  const revisionAt =
    o.revisionAt ??
    (isJob ? w.now - g.int(3, 50) * MIN : kind === "Pod" ? w.now - g.int(2, 72) * HOUR : w.now - g.int(2, 60) * DAY - g.int(0, 23) * HOUR);
  const wl = createWorkload(w, {
    kind,
    name,
    app,
    version,
    build,
    replicas: o.replicas,
    revisionAt,
    history: o.history ?? (kind === "Deployment" ? g.int(1, 2) : 0),
    cronJob: kind === "CronJob",
  });
  const pods = spawnPods(w, wl, current(wl));
  if (kind === "Deployment" || kind === "StatefulSet")
    addService(w, name, wl.labels, g.pick([80, 8080, app.port]), { targetPort: "http", portName: "http" });
  w.target = wl;
  return { wl, app, pods, kind, version, build };
}

/** The main app container of a pod (the one named after the app). */
export function main(pod: PodPlan, app: App) {
  return pod.containers.find((c) => c.spec.name === app.container) ?? (pod.containers[0] as PodPlan["containers"][number]);
}
