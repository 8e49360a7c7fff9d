// The live demo's world: the demo application in a sandbox cluster (served over the
// Kubernetes API, writable by Vigil's approved actions), its metrics in a fake Prometheus,
// the simulator moving both, the fault-injection control API, and — once Vigil is up —
// the alert evaluator posting to Vigil's webhook.
import { startSandboxCluster } from "@/lib/cluster/sandbox/server";
import { startFakePrometheus } from "@/lib/metrics/fake-prometheus";
import { defaultCatalog } from "@/lib/metrics/catalog";
import { installDemoApp } from "@/lib/demo/app";
import { podHealth } from "@/lib/demo/behaviour";
import { createSimulator, type Simulator } from "@/lib/demo/simulator";
import { startDemoControl } from "@/lib/demo/control";
import { startAlertEvaluator } from "@/lib/demo/alerts";

export type LiveDemo = {
  simulator: Simulator;
  /** For Vigil: the cluster, Prometheus and the demo's control API. */
  env: Record<string, string>;
  /** Starts posting alerts to Vigil's webhook. */
  startAlerts(
    vigilUrl: string,
    webhookToken: string,
    options?: { log?: (line: string) => void; forMs?: number; intervalMs?: number },
  ): void;
  stop(): Promise<void>;
};

export async function startLiveDemo(): Promise<LiveDemo> {
  const controller = { podHealth };
  // The cluster's logs come from the simulator, which needs the cluster's store: a late binding.
  const late: { simulator?: Simulator } = {};
  const cluster = await startSandboxCluster({ state: {}, controller, logSource: (...args) => late.simulator?.logSource(...args) });
  const simulator = createSimulator(cluster.store, controller);
  late.simulator = simulator;
  installDemoApp(cluster.store, controller, (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000));
  const stopTicks = simulator.start();
  const prometheus = await startFakePrometheus({ series: simulator.series, catalog: defaultCatalog });
  const control = await startDemoControl(simulator);
  const stops: (() => void)[] = [stopTicks];
  return {
    simulator,
    env: {
      VIGIL_CLUSTER_URL: cluster.url,
      VIGIL_CLUSTER_TOKEN: cluster.token,
      PROMETHEUS_URL: prometheus.url,
      VIGIL_DEMO_URL: control.url,
      VIGIL_DEMO_TOKEN: control.token,
    },
    startAlerts(vigilUrl, webhookToken, options = {}) {
      stops.push(startAlertEvaluator({ simulator, url: vigilUrl, token: webhookToken, ...options }));
    },
    async stop() {
      for (const stop of stops) stop();
      await Promise.all([cluster.stop(), prometheus.stop(), control.stop()]);
    },
  };
}
