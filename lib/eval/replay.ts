// Replays a scenario through the real pipeline (lib/scenarios/world.ts): evidence, budget
// and engine — the same code an incident runs through.
import type { Scenario } from "@/lib/scenarios/schema";
import type { EvidenceSet } from "@/lib/evidence/types";
import { startScenarioWorld } from "@/lib/scenarios/world";
import { collectEvidence } from "@/lib/evidence/collect";
import { fitToBudget, type Context } from "@/lib/evidence/budget";
import { normalizeAlerts } from "@/lib/alerts/normalize";

export type Replay = { evidence: EvidenceSet; context: Context; alertStart: Date; collectMs: number };

export async function replayEvidence(scenario: Scenario, budget?: number): Promise<Replay> {
  const world = await startScenarioWorld(scenario);
  try {
    const now = world.ports.now();
    const started = performance.now();
    const alerts = normalizeAlerts(scenario.alertmanager.alerts, now).map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      status: a.status,
    }));
    const evidence = await collectEvidence({
      alerts,
      now,
      cluster: world.ports.cluster,
      metrics: world.ports.metrics,
      changes: world.ports.changes,
    });
    const collectMs = performance.now() - started;
    const alertStart = new Date(Math.min(...alerts.map((a) => a.startsAt.getTime())));
    return { evidence, context: fitToBudget(evidence.items, budget), alertStart, collectMs };
  } finally {
    await world.stop();
  }
}
