import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { getIncident, listResponders } from "@/lib/incidents/queries";
import { availableEngines } from "@/lib/investigation/engines";
import { portsFromEnv } from "@/lib/investigation/runtime";
import { toJson } from "@/lib/json";
import { runbooksForAlerts } from "@/lib/runbooks/search";
import { IncidentView } from "@/components/incident-view";

export const dynamic = "force-dynamic";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("viewer");
  const { id } = await params;
  const incident = await getIncident(getDb(), id);
  if (!incident) notFound();
  const [runbookLinks, responders] = await Promise.all([
    // Alerts whose runbook_url names a runbook in the library link to it.
    runbooksForAlerts(
      getDb(),
      incident.alerts.map((a) => ({ id: a.id, alertname: a.alertname, annotations: a.annotations as Record<string, unknown> })),
    ),
    // Who may own it: the "hand over to" menu.
    listResponders(getDb()),
  ]);
  // The engines it may be investigated again with: a model only where one is configured.
  const engines = availableEngines(portsFromEnv());
  // The role decides which buttons are offered; the server actions check it again.
  return (
    <IncidentView
      initial={toJson(incident)}
      viewer={{ role: user.role, email: user.email }}
      runbookLinks={runbookLinks}
      responders={responders}
      engines={engines}
    />
  );
}
