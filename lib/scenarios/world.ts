// A scenario brought to life: its cluster served by the sandbox over the Kubernetes API,
// its metrics by a fake Prometheus, its changes as the change feed, its clock frozen —
// as investigation ports, so replays, tests and the demo run the real pipeline on it.
import type { Scenario } from "@/lib/scenarios/schema";
import type { InvestigationPorts } from "@/lib/investigation/ports";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";
import { createClusterReader, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { startFakePrometheus, type FakePrometheus } from "@/lib/metrics/fake-prometheus";
import { createPrometheusReader } from "@/lib/metrics/prometheus";
import { defaultCatalog } from "@/lib/metrics/catalog";
import { staticChangeFeed } from "@/lib/changes/port";

export type ScenarioWorld = { ports: InvestigationPorts; cluster: SandboxCluster; prometheus: FakePrometheus; stop: () => Promise<void> };

export async function startScenarioWorld(scenario: Scenario): Promise<ScenarioWorld> {
  const now = new Date(scenario.now);
  const cluster = await startSandboxCluster({ state: scenario.kubernetes, logs: scenario.logs });
  const prometheus = await startFakePrometheus({ series: scenario.metrics, catalog: defaultCatalog, now }).catch(async (err) => {
    await cluster.stop();
    throw err;
  });
  return {
    cluster,
    prometheus,
    ports: {
      cluster: createClusterReader(kubeConfigFrom({ server: cluster.url, token: cluster.token })),
      metrics: { reader: createPrometheusReader({ url: prometheus.url }), catalog: defaultCatalog },
      changes: staticChangeFeed(scenario.changes),
      model: null,
      now: () => now,
    },
    stop: async () => {
      await Promise.all([cluster.stop(), prometheus.stop()]);
    },
  };
}
