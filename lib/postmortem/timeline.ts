// The post-mortem's timeline: the incident's audit events in words, in order, with runs of
// identical events (Alertmanager's redeliveries, repeated previews) collapsed to one line
// with a count. Free text from event data is redacted and shortened.
import { actionTitle, rootCauseText } from "@/lib/rca/labels";
import { clean } from "@/lib/postmortem/format";
import type { TimelineFact } from "@/lib/postmortem/types";

export type AuditRecord = {
  at: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  targetId: string | null;
  data: unknown;
};

export type Names = {
  users: Map<string, string>;
  alerts: Map<string, string>;
  actions: Map<string, string>;
  /** Notes that still exist, by id: their citation (N1…) and current text. */
  notes?: Map<string, { ref: string; body: string }>;
};

// The title of a proposal of kind "none": advice, never something to execute.
const NO_ACTION = actionTitle({ kind: "none", namespace: "", name: "", replicas: null });

/** The post-mortem's own edits are not part of the incident's story; a note appears once,
 * as it stands now, where it was first written. */
const OMITTED = new Set(["postmortem.drafted", "postmortem.saved", "note.edited", "note.deleted"]);

const record = (data: unknown): Record<string, unknown> =>
  data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
const percent = (n: unknown) => (typeof n === "number" ? `${Math.round(n * 100)}%` : "?");

function actorOf(e: AuditRecord, names: Names): string {
  if (e.actorType === "user") return (e.actorId && names.users.get(e.actorId)) || "a user";
  const policy = record(e.data).autonomousPolicy;
  if (typeof policy === "string") return `autonomous policy ${clean(policy, 80)}`;
  return e.actorType;
}

export function describeEvent(e: AuditRecord, names: Names): string {
  const d = record(e.data);
  const action = (e.targetId && names.actions.get(e.targetId)) || "the action";
  const alert = (e.targetId && names.alerts.get(e.targetId)) || (typeof d.alertname === "string" ? d.alertname : "an alert");
  switch (e.action) {
    case "webhook.received":
      return `Alertmanager notification (${clean(d.status ?? "?", 20)}) with ${Number(d.received ?? 0)} alert(s)`;
    case "alert.received":
      return `Alert ${clean(alert, 120)} received (${clean(d.status ?? "firing", 20)})`;
    case "alert.resolved":
      return `Alert ${clean(alert, 120)} resolved`;
    case "incident.opened":
      return `Incident opened (severity ${clean(d.severity ?? "?", 20)})`;
    case "incident.alerts_joined":
      return `${Number(d.alerts ?? 0)} more alert(s) joined the incident`;
    case "incident.resolved":
      return `Incident resolved${d.byHand ? " by hand" : ""}: ${clean(d.reason ?? "all alerts resolved")}`;
    case "incident.closed":
      return `Incident closed: ${clean(d.reason ?? "")}`;
    case "incident.reopened":
      return `Incident reopened: ${clean(d.reason ?? "")}`;
    case "incident.acknowledged":
      return "Acknowledged";
    case "incident.assigned":
      return d.to ? `Assigned to ${clean(d.toEmail ?? names.users.get(String(d.to)) ?? "a user", 120)}` : "Unassigned";
    case "incident.severity_changed":
      return `Severity set to ${clean(d.to ?? "?", 20)} (was ${clean(d.from ?? "?", 20)}): ${clean(d.reason ?? "")}`;
    case "investigation.requested":
      return `Investigation requested${typeof d.engine === "string" ? ` with the ${clean(d.engine, 20)} engine` : ""}${d.reason === "reopened" ? " on reopening" : ""}`;
    case "note.edited":
      return "Note edited";
    case "note.deleted":
      return "Note deleted";
    case "note.added": {
      const note = names.notes?.get(String(d.noteId ?? ""));
      return note ? `Note ${note.ref}: ${clean(note.body, 1_000)}` : "Note (since deleted)";
    }
    case "incident.state_changed":
      return `Incident state changed to ${clean(d.to ?? "?", 40)}${d.reason ? `: ${clean(d.reason, 120)}` : ""}`;
    case "incident.escalated":
      return `Escalated to humans: ${clean(d.reason ?? "")}`;
    case "investigation.queued":
      return "Investigation queued";
    case "investigation.started":
      return `Investigation started (attempt ${Number(d.attempt ?? 1)})`;
    case "investigation.completed":
      return "Investigation completed";
    case "investigation.failed":
      return `Investigation failed: ${clean(d.error ?? "")}`;
    case "evidence.collected":
      return `Evidence collected: ${Number(d.items ?? 0)} item(s), ${Number(d.inContext ?? 0)} in the analysis' context, ${Number(d.redactions ?? 0)} redaction(s)`;
    case "rca.completed": {
      const cites = Array.isArray(d.citations) ? ` citing ${d.citations.map((c) => clean(c, 10)).join(", ")}` : "";
      return `Root cause found: ${rootCauseText(String(d.rootCause ?? "unknown"))} (confidence ${percent(d.confidence)}, ${clean(d.engine ?? "?", 20)})${cites}`;
    }
    case "action.proposed":
      return `Proposed: ${action}`;
    case "action.rollback_proposed":
      return `Proposed: ${action}`;
    case "action.guarded": {
      if (action === NO_ACTION) return "Recommendation recorded: nothing to execute";
      const refused = Array.isArray(d.refused) ? d.refused.map((r) => clean(r, 160)) : [];
      return d.allowed ? `Policy allowed: ${action}` : `Policy refused: ${action}${refused.length ? ` (${refused.join("; ")})` : ""}`;
    }
    case "action.previewed":
      return d.dryRun ? `Dry run accepted: ${action}` : `Dry run failed: ${action}${d.error ? ` (${clean(d.error, 160)})` : ""}`;
    case "action.approval_recorded":
      return `Approval ${Number(d.approvals ?? 1)} of ${Number(d.required ?? 2)} recorded: ${action}`;
    case "action.approvals_voided":
      return `Preview changed: ${Number(d.voided ?? 1)} open approval${Number(d.voided ?? 1) === 1 ? "" : "s"} voided, approve the new one again: ${action}`;
    case "action.approval_refused":
      return `Approval refused: ${action} (${clean(d.message ?? d.code ?? "", 160)})`;
    case "action.approved":
      return `Approved: ${action}`;
    case "action.rejected":
      return `Rejected: ${action}${d.comment ? ` ("${clean(d.comment, 160)}")` : ""}`;
    case "action.expired":
      return `Approval expired: ${action}`;
    case "action.executing":
      return `Executing: ${action} (${clean(d.request ?? "", 160)})`;
    case "action.executed":
      return `Executed: ${action}`;
    case "action.failed":
      return `Failed: ${action} (${clean(d.reason ?? "", 200)})`;
    case "action.rolled_back":
      return `Rolled back: ${action}`;
    case "action.verified":
      return `Verified effective: ${action}`;
    case "action.ineffective":
      return `Not effective: ${action}`;
    default:
      return e.action;
  }
}

/** Notes numbered N1, N2… in the order they were written: a post-mortem cites them so. */
export function noteRefs(notes: { id: string; body: string }[]): Map<string, { ref: string; body: string }> {
  return new Map(notes.map((n, i) => [n.id, { ref: `N${i + 1}`, body: n.body }]));
}

/** The audit trail as timeline lines, identical neighbours collapsed. */
export function timelineOf(events: AuditRecord[], names: Names): TimelineFact[] {
  const out: TimelineFact[] = [];
  for (const e of events) {
    if (OMITTED.has(e.action)) continue;
    // A deleted note was withdrawn by its author: the audit trail keeps it, the post-mortem does not.
    if (e.action === "note.added" && names.notes && !names.notes.has(String(record(e.data).noteId ?? ""))) continue;
    const at = e.at.toISOString();
    const line = { at, action: e.action, actor: actorOf(e, names), text: describeEvent(e, names), repeats: 1, lastAt: at };
    const last = out[out.length - 1];
    if (last && last.action === line.action && last.text === line.text && last.actor === line.actor) {
      last.repeats += 1;
      last.lastAt = at;
    } else out.push(line);
  }
  return out;
}
