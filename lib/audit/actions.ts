// The closed vocabulary of audit actions. Adding one is a deliberate change here.
export const auditActions = [
  "webhook.received",
  "alert.received",
  "alert.resolved",
  "incident.opened",
  "incident.alerts_joined",
  "incident.resolved",
  "incident.state_changed",
  "investigation.queued",
  "investigation.started",
  "investigation.completed",
  "investigation.failed",
  "evidence.collected",
  "rca.completed",
  "action.proposed",
  "user.created",
  "user.signed_in",
  "user.sign_in_failed",
] as const;

export type AuditAction = (typeof auditActions)[number];

export type ActorType = "user" | "system" | "alertmanager" | "agent" | "api";
