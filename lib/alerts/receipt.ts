// What the webhook answers Alertmanager once a notification is stored: enough for a sender
// or an operator with curl to see what happened, nothing more.
import type { IngestResult } from "@/lib/alerts/ingest";

export function ingestReceipt(result: IngestResult) {
  return {
    status: "accepted" as const,
    incident: result.incident && { id: result.incident.id, number: result.incident.number, state: result.incident.state },
    openedIncident: result.openedIncident,
    stored: result.stored,
    duplicates: result.duplicates,
    resolved: result.resolved,
    truncatedAlerts: result.truncatedAlerts,
  };
}
