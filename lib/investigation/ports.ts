// The outside world an investigation reads, chosen by configuration: a cluster (kubeconfig,
// in-cluster service account, or a Kubernetes API URL such as the sandbox's), Prometheus,
// the change feed, and optionally a model. Domain code receives these; it never asks how.
import type { ClusterReader } from "@/lib/cluster/port";
import type { MetricsReader, SignalCatalog } from "@/lib/metrics/port";
import type { ChangeFeed } from "@/lib/changes/port";
import type { ModelClient } from "@/lib/model/port";
import type { ModelGuard } from "@/lib/rca/model/resilience";

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
  /** The clock: scenario replays freeze it. */
  now: () => Date;
};
