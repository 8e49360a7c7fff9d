// Evidence: what Vigil knows about an incident before any model runs. Each item has a
// short id the RCA cites ("E7"), its source, and redacted lines. Facts are the structured
// findings the rule engine reasons over; each points at the evidence item that shows it.
import type { Signal, WorkloadKind } from "@/lib/scenarios/schema";

export type EvidenceSource =
  | "alert"
  | "workload"
  | "pod"
  | "events"
  | "logs"
  | "rollout"
  | "hpa"
  | "node"
  | "metrics"
  | "changes"
  | "service"
  | "config"
  | "storage"
  | "network"
  | "memory"
  | "runbook"
  // Anomalies Vigil found in telemetry pushed to the ingest API (lib/anomaly).
  | "anomaly";

export type EvidenceItem = {
  id: string;
  source: EvidenceSource;
  title: string;
  lines: string[];
  /** Relevance for ranking and cutting to the token budget (higher first). */
  score: number;
  redactions: number;
  /** Structured extras stored with the item (Evidence.data), e.g. which runbook chunk it quotes. */
  data?: Record<string, unknown>;
};

export type Fact =
  | { kind: "alert"; alertname: string; text: string; evidenceId: string }
  // uptimeSeconds: how long the container ran before it was terminated, when known; `init`: an
  // init container; `current`: the container's present state (a finished Job's pod), not its last.
  | {
      kind: "terminated";
      pod: string;
      container: string;
      reason: string;
      exitCode: number | null;
      restarts: number;
      uptimeSeconds: number | null;
      init: boolean;
      current: boolean;
      message: string;
      evidenceId: string;
    }
  | { kind: "waiting"; pod: string; container: string; reason: string; message: string; init: boolean; evidenceId: string }
  // A pod the kubelet gave up on as a whole (Evicted, NodeLost, Shutdown), with its own words.
  | { kind: "podStatus"; pod: string; phase: string; reason: string; message: string; own: boolean; evidenceId: string }
  // A Job's own verdict (BackoffLimitExceeded, DeadlineExceeded).
  | { kind: "job"; failed: boolean; reason: string; message: string; evidenceId: string }
  // A claim the workload mounts: its phase, and how full it is when a metric says so.
  | { kind: "volume"; claim: string; phase: string; usedRatio: number | null; message: string; evidenceId: string }
  // A peer the workload's logs name (host or host:port) that is a Service in the namespace, and the health of the pods behind it.
  | { kind: "peer"; host: string; service: string; pods: number; unhealthy: number; states: string[]; evidenceId: string }
  | { kind: "unschedulable"; pod: string; message: string; evidenceId: string }
  // `own`: about the incident's workload, rather than something else in its namespace.
  | { kind: "event"; reason: string; message: string; type: string; count: number; object: string; own: boolean; evidenceId: string }
  // `peer`: the log of a dependency the workload names (a Service's pods), rather than any other pod.
  | {
      kind: "log";
      text: string;
      level: "error" | "warn" | "info";
      pod: string;
      container: string;
      previous: boolean;
      last: boolean;
      own: boolean;
      peer: boolean;
      init: boolean;
      count?: number;
      evidenceId: string;
    }
  | { kind: "rollout"; revision: number; previousRevision: number | null; createdAt: string | null; changes: string[]; evidenceId: string }
  | {
      kind: "change";
      at: string;
      changeKind: string;
      namespace: string;
      name: string;
      summary: string;
      sameWorkload: boolean;
      evidenceId: string;
    }
  | { kind: "metric"; signal: Signal; baseline: number; recent: number; max: number; evidenceId: string }
  | { kind: "hpa"; current: number; desired: number; min: number; max: number; evidenceId: string }
  | { kind: "node"; node: string; condition: string; status: string; message: string; evidenceId: string }
  | {
      kind: "probe";
      pod: string;
      container: string;
      probe: "liveness" | "readiness" | "startup";
      initialDelaySeconds: number;
      periodSeconds: number;
      failureThreshold: number;
      evidenceId: string;
    }
  // An anomaly episode of an ingested series; `change`: the deploy of the same service in the 30 minutes before it.
  | {
      kind: "anomaly";
      service: string;
      metric: string;
      anomalyKind: "metric" | "log_errors";
      value: number;
      mean: number;
      stddev: number;
      z: number;
      severity: string;
      at: string;
      change: AnomalyFactChange | null;
      evidenceId: string;
    };

export type AnomalyFactChange = {
  at: string;
  changeKind: string;
  service: string;
  version: string | null;
  actor: string | null;
  summary: string;
};

/** The workload an incident is about, as resolved against the cluster. */
export type Subject = {
  namespace: string;
  name: string;
  /** A bare pod (or one whose owner the cluster no longer has) is its own subject, kind Pod. */
  kind: WorkloadKind | "unknown";
  replicas: number | null;
  selector: string | null;
};

export type EvidenceSet = { subject: Subject; items: EvidenceItem[]; facts: Fact[] };
