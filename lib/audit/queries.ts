// Reading the audit trail: filtered, newest first, keyset-paginated by seq, with user ids
// resolved to emails and incident ids to their INC numbers for people reading the log.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { encodeAuditCursor, type AuditQuery } from "@/lib/audit/schemas";

/** The filters as a where clause; null when a name in them matches nobody (no such user or incident). */
async function filters(db: Db, query: AuditQuery): Promise<Prisma.AuditEventWhereInput | null> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (query.action) and.push("exact" in query.action ? { action: query.action.exact } : { action: { startsWith: query.action.prefix } });
  if (query.actor) {
    if ("type" in query.actor) and.push({ actorType: query.actor.type });
    else {
      const user = await db.user.findUnique({ where: { email: query.actor.email }, select: { id: true } });
      if (!user) return null;
      and.push({ actorType: "user", actorId: user.id });
    }
  }
  if (query.incident) {
    if ("id" in query.incident) and.push({ incidentId: query.incident.id });
    else {
      const incident = await db.incident.findUnique({ where: { number: query.incident.number }, select: { id: true } });
      if (!incident) return null;
      and.push({ incidentId: incident.id });
    }
  }
  if (query.trace) and.push({ traceId: query.trace });
  if (query.from) and.push({ at: { gte: query.from } });
  if (query.to) and.push({ at: { lte: query.to } });
  if (query.cursor !== undefined) and.push({ seq: { lt: query.cursor } });
  return { AND: and };
}

export async function listAuditEvents(db: Db, query: AuditQuery) {
  const where = await filters(db, query);
  if (!where) return { items: [], nextCursor: null };
  const page = await db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, take: query.limit + 1 });
  const events = page.slice(0, query.limit);
  const last = events[events.length - 1];
  const nextCursor = page.length > query.limit && last ? encodeAuditCursor(last.seq) : null;

  const userIds = new Set<string>();
  const incidentIds = new Set<string>();
  for (const e of events) {
    if (e.actorType === "user" && e.actorId) userIds.add(e.actorId);
    if (e.targetType === "User" && e.targetId) userIds.add(e.targetId);
    if (e.incidentId) incidentIds.add(e.incidentId);
  }
  const [users, incidents] = await Promise.all([
    userIds.size ? db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, email: true } }) : [],
    incidentIds.size ? db.incident.findMany({ where: { id: { in: [...incidentIds] } }, select: { id: true, number: true } }) : [],
  ]);
  const emails = new Map(users.map((u) => [u.id, u.email]));
  const numbers = new Map(incidents.map((i) => [i.id, i.number]));

  return {
    items: events.map((e) => ({
      seq: e.seq.toString(),
      at: e.at,
      actorType: e.actorType,
      actorId: e.actorId,
      actorEmail: e.actorType === "user" && e.actorId ? (emails.get(e.actorId) ?? null) : null,
      action: e.action,
      incidentId: e.incidentId,
      incidentNumber: e.incidentId ? (numbers.get(e.incidentId) ?? null) : null,
      traceId: e.traceId,
      targetType: e.targetType,
      targetId: e.targetId,
      targetEmail: e.targetType === "User" && e.targetId ? (emails.get(e.targetId) ?? null) : null,
      data: e.data,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    nextCursor,
  };
}

export type AuditList = Awaited<ReturnType<typeof listAuditEvents>>;
export type AuditListItem = AuditList["items"][number];
