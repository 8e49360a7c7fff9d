import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { listIncidents } from "@/lib/incidents/queries";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";
import { toJson } from "@/lib/json";
import { IncidentList } from "@/components/incident-list";

export const dynamic = "force-dynamic";

export default async function IncidentsPage() {
  await requireUser("viewer");
  const initial = await listIncidents(getDb(), listIncidentsQuerySchema.parse({}));
  return <IncidentList initial={toJson(initial)} />;
}
