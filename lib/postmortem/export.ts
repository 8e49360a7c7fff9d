// The post-mortem as a file: the stored text, or — before anyone drafted one — a template
// draft written on the spot (not stored: reading never writes).
import "server-only";
import type { Db } from "@/lib/db/client";
import { loadPostmortemFacts } from "@/lib/postmortem/load";
import { renderPostmortem } from "@/lib/postmortem/markdown";

export type PostmortemFile = { filename: string; markdown: string; stored: boolean };

export async function exportPostmortem(db: Db, incidentId: string, now: Date): Promise<PostmortemFile | null> {
  const incident = await db.incident.findUnique({ where: { id: incidentId }, select: { number: true, postmortem: true } });
  if (!incident) return null;
  const filename = `INC-${incident.number}-postmortem.md`;
  if (incident.postmortem !== null) return { filename, markdown: incident.postmortem, stored: true };
  const facts = (await loadPostmortemFacts(db, incidentId, now))!;
  return {
    filename,
    markdown: renderPostmortem(facts, { engine: "template", model: null, fallbackReason: null, generatedAt: now.toISOString() }),
    stored: false,
  };
}
