// The demo's world: a few public scenarios, moved in time so their incidents happen during
// the demo, merged into one sandbox cluster (served over the Kubernetes API) and one fake
// Prometheus. Vigil reads them exactly as it would read a real cluster and Prometheus.
import path from "node:path";
import type { Scenario } from "@/lib/scenarios/schema";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { shiftScenario } from "@/lib/scenarios/shift";
import { kubernetesStateSchema } from "@/lib/scenarios/schema";
import { startSandboxCluster } from "@/lib/cluster/sandbox/server";
import { startFakePrometheus } from "@/lib/metrics/fake-prometheus";
import { defaultCatalog } from "@/lib/metrics/catalog";

/** The demo's incidents, in the order they fire: each shows a different cause and remedy. */
export const demoScenarioIds = [
  "checkout-api-typeerror-after-2-14-0", // bad deploy → roll back
  "ledger-service-hikari-pool-leak", // connection leak → restart
  "quote-engine-cpu-throttling", // CPU saturation → scale
  "thumbnailer-oomkilled-large-tiff", // OOM → a human raises the limit
  "billing-gateway-tax-service-cert-expired", // expired certificate → no automated action
];

export type DemoIncident = { scenario: Scenario; fireAt: Date };
export type DemoWorld = { incidents: DemoIncident[]; env: Record<string, string>; stop: () => Promise<void> };

export async function startDemoWorld(start: Date, spacingMs: number): Promise<DemoWorld> {
  const incidents = demoScenarioIds.map((id, i) => {
    const fireAt = new Date(start.getTime() + i * spacingMs);
    return { scenario: shiftScenario(loadScenario(path.join(publicScenariosDir, `${id}.json`)), fireAt), fireAt };
  });
  const state = kubernetesStateSchema.parse({});
  for (const { scenario } of incidents) {
    for (const key of Object.keys(state) as (keyof typeof state)[]) state[key].push(...scenario.kubernetes[key]);
  }
  const logs = Object.assign({}, ...incidents.map((i) => i.scenario.logs)) as Record<string, string>;
  const cluster = await startSandboxCluster({ state, logs });
  const prometheus = await startFakePrometheus({ series: incidents.flatMap((i) => i.scenario.metrics), catalog: defaultCatalog });
  return {
    incidents,
    env: { VIGIL_CLUSTER_URL: cluster.url, VIGIL_CLUSTER_TOKEN: cluster.token, PROMETHEUS_URL: prometheus.url },
    stop: async () => {
      await Promise.all([cluster.stop(), prometheus.stop()]);
    },
  };
}
