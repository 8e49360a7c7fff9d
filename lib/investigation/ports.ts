// The outside world an investigation reads, chosen by configuration: a cluster (kubeconfig,
// in-cluster service account, or a Kubernetes API URL such as the sandbox's), Prometheus,
// the change feed, and optionally a model. Domain code receives these; it never asks how.
import type { ClusterReader } from "@/lib/cluster/port";
import type { MetricsReader, SignalCatalog } from "@/lib/metrics/port";
import type { ChangeFeed } from "@/lib/changes/port";
import type { ModelClient } from "@/lib/model/port";
import type { ModelGuard } from "@/lib/rca/model/resilience";
import type { RunbookIndex } from "@/lib/runbooks/port";
import type { TelemetryReader } from "@/lib/telemetry/port";
import type { RcaMode } from "@/lib/rca/model/analyze";

/** The model, when one is configured: its guard (breaker, latency) lives as long as the process. */
export type ModelPort = {
  client: ModelClient;
  name: string;
  guard: ModelGuard;
  timeoutMs: number;
  /** Read-only tool calls the model may make before answering; 0: none. */
  toolSteps?: number;
};

export type InvestigationPorts = {
  cluster: ClusterReader;
  metrics: { reader: MetricsReader; catalog: SignalCatalog } | null;
  changes: ChangeFeed | null;
  model: ModelPort | null;
  /** How the RCA reasons: one prompt (default) or the ensemble of specialists, which runs on
   * rule-based specialists when there is no model. */
  rcaMode?: RcaMode;
  /** The runbook library, searched for chunks to cite as evidence; absent: none. */
  runbooks?: RunbookIndex | null;
  /** Anomalies and logs services pushed to the ingest API (lib/telemetry); absent: none. */
  telemetry?: TelemetryReader | null;
  /** The clock: scenario replays freeze it. */
  now: () => Date;
};
