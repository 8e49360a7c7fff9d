// Escalation: the agent hands the incident to humans — after repeated ineffective actions,
// or when its confidence stays under the policy's floor. Flagged once, audited, notified.
import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { notifyIncident } from "@/lib/remediation/notify";

export async function escalateIncident(
  db: Db,
  incidentId: string,
  reason: string,
  ports: Pick<RemediationPorts, "notifier">,
): Promise<boolean> {
  const flagged = await db.$transaction(async (tx) => {
    const m = await tx.incident.updateMany({ where: { id: incidentId, escalated: false }, data: { escalated: true } });
    if (m.count !== 1) return false;
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
    await appendAudit(prismaSql(tx), [
      {
        action: "incident.escalated",
        actorType: "system",
        incidentId,
        traceId: incident.traceId,
        targetType: "Incident",
        targetId: incidentId,
        data: { reason },
      },
    ]);
    return true;
  });
  if (flagged) await notifyIncident(db, incidentId, ports, (incident) => ({ type: "escalation", incident, reason }));
  return flagged;
}
