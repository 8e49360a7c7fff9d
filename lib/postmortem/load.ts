// Reads what a post-mortem is written from: the incident, its alerts, its latest readable
// RCA with that run's evidence, every proposed action with its approvals (and who gave
// them), and the audit trail — then builds the facts.
import "server-only";
import type { Db } from "@/lib/db/client";
import { rcaSchema } from "@/lib/rca/types";
import { buildFacts, type PostmortemRecords } from "@/lib/postmortem/facts";
import type { PostmortemFacts } from "@/lib/postmortem/types";

// An incident's trail is short; a noisy one (a flapping group, redeliveries) stays bounded.
const MAX_EVENTS = 2_000;

export async function loadPostmortemRecords(db: Db, incidentId: string): Promise<PostmortemRecords | null> {
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (!incident) return null;
  const [alerts, runs, actions, events, notes, firstRca] = await Promise.all([
    db.alert.findMany({ where: { incidentId }, orderBy: [{ startsAt: "asc" }, { fingerprint: "asc" }] }),
    db.agentRun.findMany({
      where: { incidentId, status: "succeeded" },
      orderBy: [{ createdAt: "desc" }, { attempt: "desc" }],
      take: 5,
      select: { id: true, engine: true, model: true, error: true, result: true },
    }),
    db.proposedAction.findMany({
      where: { incidentId },
      orderBy: [{ createdAt: "asc" }, { rank: "asc" }],
      include: { approvals: { orderBy: { createdAt: "asc" }, include: { user: { select: { email: true } } } } },
    }),
    db.auditEvent.findMany({
      where: { incidentId },
      orderBy: { seq: "asc" },
      take: MAX_EVENTS,
      select: { at: true, action: true, actorType: true, actorId: true, targetId: true, data: true },
    }),
    db.incidentNote.findMany({ where: { incidentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, body: true } }),
    db.agentRun.findFirst({ where: { incidentId, status: "succeeded" }, orderBy: { finishedAt: "asc" }, select: { finishedAt: true } }),
  ]);
  // The newest run whose result still reads as an RCA is the one the incident stands on.
  const run = runs.find((r) => rcaSchema.safeParse(r.result).success) ?? null;
  const userIds = [...new Set(events.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  const [evidence, users] = await Promise.all([
    run
      ? db.evidence.findMany({ where: { agentRunId: run.id }, select: { ref: true, source: true, title: true, content: true } })
      : Promise.resolve([]),
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : Promise.resolve([]),
  ]);
  return {
    incident,
    alerts,
    run,
    evidence,
    actions,
    events,
    notes,
    firstRcaAt: firstRca?.finishedAt ?? null,
    users: new Map(users.map((u) => [u.id, u.email])),
  };
}

export async function loadPostmortemFacts(db: Db, incidentId: string, asOf: Date): Promise<PostmortemFacts | null> {
  const records = await loadPostmortemRecords(db, incidentId);
  return records ? buildFacts(records, asOf) : null;
}
