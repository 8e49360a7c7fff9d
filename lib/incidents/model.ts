// Incident states and severities in one place: their order, labels and which are final.
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";

export const incidentStates: IncidentState[] = ["open", "investigating", "awaiting_approval", "mitigating", "resolved", "closed"];
export const severities: Severity[] = ["critical", "high", "medium", "low", "info"];
export const terminalStates: IncidentState[] = ["resolved", "closed"];

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
