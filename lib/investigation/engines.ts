// The RCA engines a person may pick when investigating again: the rules, the model (when one
// is configured) and the ensemble of specialists (rule-based stand-ins without a model). The
// job carries the choice; the worker turns it into the ports the investigation runs with.
import type { InvestigationPorts } from "@/lib/investigation/ports";

export const rcaEngines = ["rules", "model", "ensemble"] as const;
export type RcaEngine = (typeof rcaEngines)[number];

/** The engines these ports can run. */
export function availableEngines(ports: Pick<InvestigationPorts, "model">): RcaEngine[] {
  return ports.model ? ["rules", "model", "ensemble"] : ["rules", "ensemble"];
}

/** The ports for one run with `engine`; none: as configured. A model asked for but not configured runs the rules. */
export function withEngine(ports: InvestigationPorts, engine: RcaEngine | undefined): InvestigationPorts {
  if (!engine) return ports;
  if (engine === "rules") return { ...ports, model: null, rcaMode: "single" };
  if (engine === "model") return { ...ports, rcaMode: "single" };
  return { ...ports, rcaMode: "ensemble" };
}
