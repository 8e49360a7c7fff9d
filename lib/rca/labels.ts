// Words for the RCA's vocabulary, in one place: root causes, engines, proposed actions,
// their risk and states. Safe in the browser; the console and exports read these.
import type { ActionKind, ActionState, AgentRunStatus, Risk } from "@/lib/generated/prisma/enums";
import type { RootCause } from "@/lib/scenarios/schema";

export const rootCauseLabel: Record<RootCause, string> = {
  oom_killed: "Out of memory (OOMKilled)",
  bad_config: "Bad configuration",
  bad_deploy: "Bad deploy",
  image_pull: "Image cannot be pulled",
  cpu_saturation: "CPU saturation",
  memory_leak: "Memory leak",
  dependency_failure: "Dependency failure",
  db_connection_exhaustion: "Database connections exhausted",
  probe_failure: "Failing health probe",
  node_pressure: "Node under pressure",
  capacity_limit: "Cluster capacity limit",
  certificate_expired: "Expired certificate",
  dns_failure: "DNS failure",
  disk_full: "Disk full",
  network_policy: "Blocked by a NetworkPolicy",
  unknown: "Unknown: no cause stands out",
};

/** Stored runs may hold a cause from an older taxonomy: show it rather than nothing. */
export function rootCauseText(cause: string): string {
  return (rootCauseLabel as Record<string, string>)[cause] ?? cause.replace(/_/g, " ");
}

const engineLabel: Record<string, string> = { rules: "Rule engine", model: "Model (Ollama)", ensemble: "Ensemble of specialists" };

export function engineText(engine: string, model?: string | null): string {
  const name = engineLabel[engine] ?? engine;
  return model ? `${name} · ${model}` : name;
}

export const runStatusLabel: Record<AgentRunStatus, string> = {
  queued: "Queued",
  running: "Investigating…",
  succeeded: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const riskLabel: Record<Risk, string> = { low: "Low risk", medium: "Medium risk", high: "High risk" };

export const actionStateLabel: Record<ActionState, string> = {
  proposed: "Proposed",
  refused: "Refused by policy",
  approved: "Approved",
  executing: "Executing",
  executed: "Executed",
  failed: "Failed",
  rejected: "Rejected",
  expired: "Expired",
  rolled_back: "Rolled back",
};

export type ActionTarget = { kind: ActionKind; namespace: string; name: string; replicas: number | null };

/** "Roll back shop/checkout-api", "Scale quotes/quote-engine to 6", "No automated action". */
export function actionTitle(a: ActionTarget): string {
  const target = `${a.namespace}/${a.name}`;
  switch (a.kind) {
    case "rollback":
      return `Roll back ${target}`;
    case "restart":
      return `Restart ${target}`;
    case "scale":
      return a.replicas === null ? `Scale ${target}` : `Scale ${target} to ${a.replicas}`;
    case "none":
      return "No automated action";
  }
}

/** Confidence as a whole percentage, and a band the console colours it by. */
export function confidencePercent(confidence: number): number {
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100);
}

export function confidenceBand(confidence: number): "high" | "medium" | "low" {
  return confidence >= 0.8 ? "high" : confidence >= 0.5 ? "medium" : "low";
}
