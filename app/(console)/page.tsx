import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { listIncidents } from "@/lib/incidents/queries";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";
import { parseListView } from "@/lib/incidents/list-view";
import { toJson } from "@/lib/json";
import { IncidentList } from "@/components/incident-list";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function IncidentsPage({ searchParams }: Props) {
  const user = await requireUser("viewer");
  // The view in the URL (filters, sort), read as the list reads it: a shared link renders
  // its own first page, and the browser takes over from there.
  const view = parseListView(await searchParams);
  const initial = await listIncidents(getDb(), listIncidentsQuerySchema.parse(view), user.id);
  return <IncidentList initial={toJson(initial)} initialView={view} viewer={{ role: user.role, email: user.email }} />;
}
