// Replays a scenario through the real pipeline: its cluster served by the sandbox over the
// Kubernetes API (read with @kubernetes/client-node), its metrics by a fake Prometheus (read
// over the HTTP API), its changes as the change feed; then evidence, budget and engine —
// the same code an incident runs through.
import type { Scenario } from "@/lib/scenarios/schema";
import type { EvidenceSet } from "@/lib/evidence/types";
import { startSandboxCluster } from "@/lib/cluster/sandbox/server";
import { createClusterReader, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { startFakePrometheus } from "@/lib/metrics/fake-prometheus";
import { createPrometheusReader } from "@/lib/metrics/prometheus";
import { defaultCatalog } from "@/lib/metrics/catalog";
import { staticChangeFeed } from "@/lib/changes/port";
import { collectEvidence } from "@/lib/evidence/collect";
import { fitToBudget, type Context } from "@/lib/evidence/budget";
import { normalizeAlerts } from "@/lib/alerts/normalize";

export type Replay = { evidence: EvidenceSet; context: Context; alertStart: Date; collectMs: number };

export async function replayEvidence(scenario: Scenario, budget?: number): Promise<Replay> {
  const now = new Date(scenario.now);
  const cluster = await startSandboxCluster({ state: scenario.kubernetes, logs: scenario.logs });
  const prometheus = await startFakePrometheus({ series: scenario.metrics, catalog: defaultCatalog, now });
  try {
    const started = performance.now();
    const alerts = normalizeAlerts(scenario.alertmanager.alerts, now).map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, status: a.status }));
    const evidence = await collectEvidence({
      alerts,
      now,
      cluster: createClusterReader(kubeConfigFrom({ server: cluster.url, token: cluster.token })),
      metrics: { reader: createPrometheusReader({ url: prometheus.url }), catalog: defaultCatalog },
      changes: staticChangeFeed(scenario.changes),
    });
    const collectMs = performance.now() - started;
    const alertStart = new Date(Math.min(...alerts.map((a) => a.startsAt.getTime())));
    return { evidence, context: fitToBudget(evidence.items, budget), alertStart, collectMs };
  } finally {
    await Promise.all([cluster.stop(), prometheus.stop()]);
  }
}
