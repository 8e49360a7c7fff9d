// Incident states and severities in one place: their order, labels and which are final.
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";

export const incidentStates: IncidentState[] = ["open", "investigating", "awaiting_approval", "mitigating", "resolved", "closed"];
export const severities: Severity[] = ["critical", "high", "medium", "low", "info"];
export const terminalStates: IncidentState[] = ["resolved", "closed"];
/** States an incident is still being worked in. */
export const liveStates: IncidentState[] = ["open", "investigating", "awaiting_approval", "mitigating"];

/**
 * Which state may follow which (lib/incidents/transitions.ts enforces it). Investigating
 * follows an ineffective fix; awaiting approval needs a proposal; mitigating needs an
 * executed action; any live incident may resolve (its alerts stopped, or a person says
 * so). Only a resolved incident may be closed, and a person may reopen a resolved or
 * closed one, which brings it back to investigating.
 */
export const allowedIncidentMoves: Record<IncidentState, readonly IncidentState[]> = {
  open: ["investigating", "awaiting_approval", "mitigating", "resolved"],
  investigating: ["awaiting_approval", "mitigating", "resolved"],
  awaiting_approval: ["investigating", "mitigating", "resolved"],
  mitigating: ["investigating", "resolved"],
  resolved: ["closed", "investigating"],
  closed: ["investigating"],
};

export const stateLabel: Record<IncidentState, string> = {
  open: "Open",
  investigating: "Investigating",
  awaiting_approval: "Awaiting approval",
  mitigating: "Mitigating",
  resolved: "Resolved",
  closed: "Closed",
};

export const severityLabel: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};
