// Memory: past incidents like this one — the same signature (workload, alert name) or
// similar words (PostgreSQL full-text search over titles and RCA summaries) — with the
// cause found then and the fix that verifiably worked, as evidence for this investigation.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { EvidenceItem } from "@/lib/evidence/types";
import { redact } from "@/lib/evidence/redact";

type Row = {
  id: string;
  number: number;
  title: string;
  rootCause: string | null;
  summary: string | null;
  state: string;
  openedAt: Date;
  signature: number;
  rank: number;
};

export type SimilarIncident = Row & { fix: string | null };

export async function similarIncidents(
  db: Db,
  incident: { id: string; title: string; namespace: string | null; workload: string | null },
  alertnames: string[],
  limit = 3,
): Promise<SimilarIncident[]> {
  const words = [incident.title, ...alertnames].join(" ").slice(0, 500);
  const rows = await db.$queryRaw<Row[]>`
    SELECT i.id, i.number, i.title, i."rootCause", i.summary, i.state::text AS state, i."openedAt",
      (CASE WHEN i.workload = ${incident.workload} AND i.namespace = ${incident.namespace} THEN 2 ELSE 0 END
       + CASE WHEN EXISTS (SELECT 1 FROM "Alert" a WHERE a."incidentId" = i.id AND a.alertname = ANY(${alertnames}::text[])) THEN 1 ELSE 0 END) AS signature,
      ts_rank(to_tsvector('english', i.title || ' ' || coalesce(i.summary, '')), plainto_tsquery('english', ${words})) AS rank,
      EXISTS (SELECT 1 FROM "ProposedAction" p WHERE p."incidentId" = i.id AND p.effective) AS "verifiedFix"
    FROM "Incident" i
    WHERE i.id <> ${incident.id} AND i."rootCause" IS NOT NULL
    -- Among equally similar incidents, one whose fix verifiably worked teaches the most.
    ORDER BY signature DESC, "verifiedFix" DESC, rank DESC, i."openedAt" DESC
    LIMIT ${limit * 3}`;
  const relevant = rows.filter((r) => r.signature > 0 || r.rank > 0.05).slice(0, limit);
  const fixes = await db.proposedAction.findMany({
    where: { incidentId: { in: relevant.map((r) => r.id) }, effective: true },
    select: { incidentId: true, kind: true, namespace: true, name: true, replicas: true },
  });
  return relevant.map((r) => {
    const fix = fixes.find((f) => f.incidentId === r.id);
    return {
      ...r,
      fix: fix ? `${fix.kind} ${fix.namespace}/${fix.name}${fix.replicas ? ` to ${fix.replicas}` : ""} (verified effective)` : null,
    };
  });
}

export function memoryEvidence(similar: SimilarIncident[], id: string): EvidenceItem | null {
  if (similar.length === 0) return null;
  let redactions = 0;
  const lines = similar.map((s) => {
    const r = redact(
      `INC-${s.number} (${s.state}, ${s.openedAt.toISOString().slice(0, 10)}): ${s.rootCause} — ${s.summary ?? s.title}${s.fix ? `; fix: ${s.fix}` : ""}`.slice(
        0,
        400,
      ),
    );
    redactions += r.redactions;
    return r.text;
  });
  // Useful context, never proof: it ranks below what the cluster shows now.
  return {
    id,
    source: "memory",
    title: "Similar past incidents",
    lines,
    score: similar.some((s) => s.signature >= 2) ? 2.5 : 1.2,
    redactions,
  };
}
