// The shapes a scenario is assembled from before it is rendered to API objects: plans for
// nodes, workloads, revisions and pods that cause builders mutate, plus the world holding them.
import type { ScenarioChange, ScenarioSeries, WorkloadKind } from "@/lib/scenarios/schema";
import type { Cluster } from "./names";
import type { Gen } from "./rng";
import type { Logger, Runtime } from "./runtimes";

export type Obj = Record<string, unknown>;
export type LogLine = { t: number; text: string };

export type Condition = { status: "True" | "False" | "Unknown"; reason: string; message: string; since: number };
export type NodePlan = {
  name: string;
  createdAt: number;
  zone: string;
  instanceType: string;
  cpu: number;
  memGi: number;
  ip: string;
  labels: Record<string, string>;
  taints: Obj[];
  conditions: Partial<Record<"Ready" | "MemoryPressure" | "DiskPressure" | "PIDPressure", Condition>>;
  unschedulable?: boolean;
  kubelet: string;
};

export type ContainerSpec = Obj & { name: string; image: string };
export type CStatus = { restartCount: number; ready: boolean; started?: boolean; state: Obj; lastState: Obj };
/** status null: the container was never created (pod Pending, or waiting on init containers). */
export type Container = { spec: ContainerSpec; status: CStatus | null };

export type PodPlan = {
  name: string;
  ns: string;
  uid: string;
  createdAt: number;
  labels: Record<string, string>;
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
  nodeName?: string;
  podIP?: string;
  containers: Container[];
  init: Container[];
  phase: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
  /** Pod-level status reason/message, e.g. Evicted. */
  reason?: string;
  message?: string;
  /** Set when the scheduler could not place the pod: the PodScheduled condition's message. */
  unschedulable?: string;
  /** The pod's Ready condition is forced false (e.g. its node stopped reporting). */
  forceNotReady?: boolean;
  deletionTimestamp?: number;
  spec: Obj;
  app?: App;
  /** The app's logger as it runs in this pod (cached: hostname and pid are per pod). */
  logger?: { app: App; logger: Logger };
};

export type Revision = {
  number: number;
  hash: string;
  createdAt: number;
  version: string;
  containers: ContainerSpec[];
  init: ContainerSpec[];
  desired: number;
};

export type JobPlan = {
  backoffLimit: number;
  completions: number;
  parallelism: number;
  startTime: number;
  /** Set when the Job has failed: condition Failed with this reason (BackoffLimitExceeded, DeadlineExceeded). */
  failed?: { reason: string; message: string; at: number };
  command?: string[];
};

export type Workload = {
  kind: WorkloadKind;
  name: string;
  ns: string;
  uid: string;
  createdAt: number;
  labels: Record<string, string>;
  extraLabels: Record<string, string>;
  app: App;
  replicas: number;
  revisions: Revision[];
  pods: PodPlan[];
  podSpec: Obj;
  claimTemplates?: Obj[];
  job?: JobPlan;
  cron?: { name: string; uid: string; schedule: string; createdAt: number; lastSchedule: number };
  /** Overrides the Deployment's Progressing condition (a stuck rollout). */
  progressing?: { status: "True" | "False"; reason: string; message: string; since: number };
};

export type App = {
  name: string;
  runtime: Runtime;
  logger: Logger;
  container: string;
  port: number;
  mgmtPort?: number;
  healthPath: string;
  readyPath: string;
  repo: string;
  /** What kind of software this is, for titles and messages ("Spring Boot", "FastAPI"...). */
  framework: string;
  /** Set for dependency servers (PostgreSQL, Redis...): they log in their own formats. */
  server?: "postgres" | "mysql" | "redis" | "kafka" | "other";
};

export type World = {
  g: Gen;
  seed: number;
  index: number;
  id: string;
  now: number;
  cluster: Cluster;
  ns: string;
  team: string;
  nodes: NodePlan[];
  workloads: Workload[];
  /** The workload the alert is about (set by the cause). */
  target?: Workload;
  objects: { services: Obj[]; configmaps: Obj[]; persistentvolumeclaims: Obj[]; networkpolicies: Obj[]; hpas: Obj[]; events: Obj[] };
  logs: Map<string, LogLine[]>;
  /** When each log stream starts (its container's start): distractor lines never predate it. */
  logStart: Map<string, number>;
  metrics: ScenarioSeries[];
  changes: ScenarioChange[];
  alerts: Obj[];
  window: { start: number; step: number; points: number };
  tags: string[];
  runtimes: Set<Runtime>;
  names: string[];
};
