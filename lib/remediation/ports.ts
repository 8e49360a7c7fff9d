// What remediation touches, chosen by configuration like the investigation's ports: the
// cluster (read and write through the same client), metrics for verification, the policy,
// notifications, the model's health (watchtower) and the clock. Domain code never asks how.
import type { ClusterReader, ClusterWriter } from "@/lib/cluster/port";
import type { MetricsReader, SignalCatalog } from "@/lib/metrics/port";
import type { Notifier } from "@/lib/notify/notifier";
import type { PolicyConfig } from "@/lib/remediation/policy-config";
import type { Watchtower } from "@/lib/rca/model/resilience";

export type RemediationPorts = {
  cluster: ClusterReader;
  writer: ClusterWriter;
  metrics: { reader: MetricsReader; catalog: SignalCatalog } | null;
  policy: PolicyConfig;
  notifier: Notifier;
  /** Whether the model's health suspends automated writes right now. */
  watchtower: () => Watchtower;
  now: () => Date;
};
