// The closed vocabulary of audit actions. Adding one is a deliberate change here.
export const auditActions = [
  "webhook.received",
  "alert.received",
  "alert.resolved",
  "alert.redacted_stored",
  "incident.opened",
  "incident.alerts_joined",
  "incident.resolved",
  "incident.state_changed",
  // The human side (lib/incidents/human.ts): a person took, handed over, corrected or reopened it.
  "incident.closed",
  "incident.reopened",
  "incident.acknowledged",
  "incident.assigned",
  "incident.severity_changed",
  "note.added",
  "note.edited",
  "note.deleted",
  "investigation.requested",
  "investigation.queued",
  "investigation.started",
  "investigation.completed",
  "investigation.failed",
  "evidence.collected",
  "rca.completed",
  "action.proposed",
  "action.guarded",
  "action.previewed",
  "action.approval_recorded",
  "action.approvals_voided",
  "action.approval_refused",
  "action.approved",
  "action.rejected",
  "action.expired",
  "action.executing",
  "action.executed",
  "action.failed",
  "action.rolled_back",
  "action.verified",
  "action.ineffective",
  "action.rollback_proposed",
  "incident.escalated",
  "postmortem.drafted",
  "postmortem.saved",
  "export.tuning",
  "user.created",
  "user.signed_in",
  "user.sign_in_failed",
  // Changes that end a user's sessions (lib/auth/user-admin.ts); sign-out is a sessions_revoked.
  "user.role_changed",
  "user.deactivated",
  "user.reactivated",
  "user.password_changed",
  "user.sessions_revoked",
  "api_key.created",
  "api_key.revoked",
  // Runbooks (lib/runbooks): an upload, a deletion, a folder sync that changed something.
  "runbook.uploaded",
  "runbook.deleted",
  "runbook.synced",
  "retention.pruned",
  // The chain's head exported outside the database (lib/audit/head.ts), to hold it to later.
  "audit.head_exported",
] as const;

export type AuditAction = (typeof auditActions)[number];

/** The vocabulary's domains ("action.", "user.", ...), in order: prefixes the audit log filters by. */
export const auditActionPrefixes: string[] = [...new Set(auditActions.map((a) => `${a.split(".")[0]}.`))];

export const actorTypes = ["user", "system", "alertmanager", "agent", "api"] as const;

export type ActorType = (typeof actorTypes)[number];
