// Notifications about an incident's actions, built from what is stored. A failure to notify
// never blocks remediation: the notifier swallows and logs its own errors, and so does this.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { NotifyAction, NotifyEvent, NotifyIncident } from "@/lib/notify/types";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { log } from "@/lib/log";

type ActionEvent =
  | { type: "approval.needed"; requiredApprovals: 1 | 2 }
  | { type: "action.result"; result: "executed" | "failed" | "verified" | "ineffective"; reason?: string | null };

export async function notifyIncident(
  db: Db,
  incidentId: string,
  ports: Pick<RemediationPorts, "notifier">,
  event: (incident: NotifyIncident) => NotifyEvent,
): Promise<void> {
  // With no sink configured, the incident is not even read (this runs on every opened incident).
  if (ports.notifier.enabled === false) return;
  try {
    const i = await db.incident.findUniqueOrThrow({ where: { id: incidentId }, include: { owner: { select: { email: true } } } });
    await ports.notifier.notify(
      event({
        id: i.id,
        title: i.title,
        severity: i.severity,
        namespace: i.namespace,
        workload: i.workload,
        traceId: i.traceId,
        owner: i.owner?.email ?? null,
      }),
    );
  } catch (err) {
    log.warn({ err: (err as Error).message, incidentId }, "could not send a notification");
  }
}

export async function notifyAction(db: Db, actionId: string, ports: Pick<RemediationPorts, "notifier">, event: ActionEvent): Promise<void> {
  const a = await db.proposedAction.findUnique({ where: { id: actionId } });
  if (!a || a.kind === "none") return;
  const action: NotifyAction = {
    kind: a.kind,
    target: { kind: a.targetKind, namespace: a.namespace, name: a.name },
    replicas: a.replicas,
    risk: a.risk,
  };
  await notifyIncident(db, a.incidentId, ports, (incident) => ({ ...event, incident, action }));
}
