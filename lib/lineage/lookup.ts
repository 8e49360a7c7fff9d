// Finds the incident a trace id belongs to: every Kubernetes write Vigil makes carries its
// incident's trace id (the vigil.dev/trace-id annotation, the field manager), so any change
// in the cluster leads back to the incident that made it.
import "server-only";
import type { Db } from "@/lib/db/client";
import { lineagePath } from "@/lib/lineage/paths";

export type TraceMatch = { traceId: string; incidentId: string; number: number; title: string; lineageUrl: string };

export async function findIncidentByTrace(db: Db, traceId: string): Promise<TraceMatch | null> {
  const incident = await db.incident.findUnique({ where: { traceId }, select: { id: true, number: true, title: true } });
  if (!incident) return null;
  return { traceId, incidentId: incident.id, number: incident.number, title: incident.title, lineageUrl: lineagePath(incident.id) };
}
