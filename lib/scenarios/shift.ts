// Moves a scenario in time: every timestamp in its cluster objects, metrics, changes and
// alerts shifts by the same amount, so a frozen incident can be replayed as if it were
// happening now (the demo). Log text keeps its own timestamps: logs are evidence as written.
import type { Scenario } from "@/lib/scenarios/schema";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const GO_ZERO = "0001-01-01T00:00:00Z";

function shiftIso(value: string, deltaMs: number): string {
  return new Date(Date.parse(value) + deltaMs).toISOString();
}

function shiftDeep(value: unknown, deltaMs: number): unknown {
  if (typeof value === "string") return ISO.test(value) && value !== GO_ZERO ? shiftIso(value, deltaMs) : value;
  if (Array.isArray(value)) return value.map((v) => shiftDeep(v, deltaMs));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDeep(v, deltaMs)]));
  return value;
}

export function shiftScenario(scenario: Scenario, to: Date): Scenario {
  const deltaMs = to.getTime() - Date.parse(scenario.now);
  return {
    ...scenario,
    now: to.toISOString(),
    kubernetes: shiftDeep(scenario.kubernetes, deltaMs) as Scenario["kubernetes"],
    alertmanager: shiftDeep(scenario.alertmanager, deltaMs) as Scenario["alertmanager"],
    changes: scenario.changes.map((c) => ({ ...c, at: shiftIso(c.at, deltaMs) })),
    metrics: scenario.metrics.map((m) => ({ ...m, values: m.values.map(([t, v]) => [t + deltaMs / 1000, v] as [number, number]) })),
  };
}
