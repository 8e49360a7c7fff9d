import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { getIncident } from "@/lib/incidents/queries";
import { toJson } from "@/lib/json";
import { runbooksForAlerts } from "@/lib/runbooks/search";
import { IncidentView } from "@/components/incident-view";

export const dynamic = "force-dynamic";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("viewer");
  const { id } = await params;
  const incident = await getIncident(getDb(), id);
  if (!incident) notFound();
  // Alerts whose runbook_url names a runbook in the library link to it.
  const runbookLinks = await runbooksForAlerts(
    getDb(),
    incident.alerts.map((a) => ({ id: a.id, alertname: a.alertname, annotations: a.annotations as Record<string, unknown> })),
  );
  // The role decides which action buttons are offered; the server actions check it again.
  return <IncidentView initial={toJson(incident)} viewer={{ role: user.role, email: user.email }} runbookLinks={runbookLinks} />;
}
