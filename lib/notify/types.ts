// What Vigil tells people about, once, for every sink: each event carries the incident it
// belongs to (with its trace id, so a message leads back to the whole lineage) and the few
// fields its kind needs. Sinks format; they never look anything up.
export const notifyEventTypes = ["incident.opened", "rca.ready", "approval.needed", "action.result", "escalation"] as const;
export type NotifyEventType = (typeof notifyEventTypes)[number];

export type NotifyIncident = {
  id: string;
  title: string;
  severity: string;
  namespace: string | null;
  workload: string | null;
  traceId: string;
  /** The email of the person who owns it; null: nobody has taken it. */
  owner?: string | null;
};

export type NotifyAction = {
  kind: "rollback" | "restart" | "scale";
  target: { kind: string; namespace: string; name: string };
  replicas: number | null;
  risk?: "low" | "medium" | "high";
};

export type ActionResult = "executed" | "failed" | "verified" | "ineffective";

type Base = { incident: NotifyIncident; occurredAt?: Date };

export type NotifyEvent = Base &
  (
    | { type: "incident.opened"; summary?: string | null }
    | { type: "rca.ready"; rootCause: string; confidence: number; summary: string; engine: string }
    | { type: "approval.needed"; action: NotifyAction; requiredApprovals: 1 | 2 }
    | { type: "action.result"; action: NotifyAction; result: ActionResult; reason?: string | null }
    | { type: "escalation"; reason: string }
  );

export const describeTarget = (t: NotifyAction["target"]) => `${t.kind} ${t.namespace}/${t.name}`;

/** The console page of an incident; the id is encoded, so it cannot add path or markup. */
export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/incidents/${encodeURIComponent(incidentId)}`;
}
