// Reading incidents: the filtered, sorted, keyset-paginated list with counts per state, and one
// incident with its alerts, timeline and latest investigation.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IncidentState } from "@/lib/generated/prisma/enums";
import type { ListIncidentsQuery } from "@/lib/incidents/schemas";
import { decodeCursor, encodeCursor } from "@/lib/incidents/cursor";
import { afterCursor, cursorAfter, orderByFor } from "@/lib/incidents/sort";
import { incidentStates } from "@/lib/incidents/model";
import { getLatestInvestigation } from "@/lib/incidents/investigation";

function filters(query: ListIncidentsQuery, withState: boolean): Prisma.IncidentWhereInput {
  const and: Prisma.IncidentWhereInput[] = [];
  if (withState && query.state) and.push({ state: { in: query.state } });
  if (query.severity) and.push({ severity: { in: query.severity } });
  if (query.namespace) and.push({ namespace: query.namespace });
  if (query.q) {
    const q = query.q;
    const number = /^(?:inc-)?(\d{1,9})$/i.exec(q);
    and.push({
      OR: [
        { title: { contains: q, mode: "insensitive" } },
        { workload: { contains: q, mode: "insensitive" } },
        { namespace: { contains: q, mode: "insensitive" } },
        { alerts: { some: { alertname: { contains: q, mode: "insensitive" } } } },
        ...(number ? [{ number: Number(number[1]) }] : []),
      ],
    });
  }
  return and.length ? { AND: and } : {};
}

export async function listIncidents(db: Db, query: ListIncidentsQuery) {
  const where = filters(query, true);
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const page = await db.incident.findMany({
    where: cursor ? { AND: [where, afterCursor(cursor)] } : where,
    orderBy: orderByFor(query.sort),
    take: query.limit + 1,
    select: {
      id: true,
      number: true,
      title: true,
      state: true,
      severity: true,
      namespace: true,
      workload: true,
      openedAt: true,
      resolvedAt: true,
      updatedAt: true,
      truncatedAlerts: true,
    },
  });
  const items = page.slice(0, query.limit);
  const last = items[items.length - 1];
  const nextCursor = page.length > query.limit && last ? encodeCursor(cursorAfter(query.sort, last)) : null;

  // Alert counts for this page's incidents only: a relation count in the list query made
  // PostgreSQL count every alert of every incident on each request (bench:console).
  const alertCounts = items.length
    ? await db.alert.groupBy({ by: ["incidentId", "status"], where: { incidentId: { in: items.map((i) => i.id) } }, _count: true })
    : [];
  const countOf = (id: string, status?: string) =>
    alertCounts.filter((c) => c.incidentId === id && (!status || c.status === status)).reduce((n, c) => n + c._count, 0);

  const grouped = await db.incident.groupBy({ by: ["state"], where: filters(query, false), _count: true });
  const counts = Object.fromEntries(incidentStates.map((s) => [s, 0])) as Record<IncidentState, number>;
  for (const g of grouped) counts[g.state] = g._count;

  return {
    items: items.map((i) => ({ ...i, alertCount: countOf(i.id), firingCount: countOf(i.id, "firing") })),
    nextCursor,
    counts,
  };
}

export type IncidentList = Awaited<ReturnType<typeof listIncidents>>;
export type IncidentListItem = IncidentList["items"][number];

export async function getIncident(db: Db, id: string) {
  const incident = await db.incident.findUnique({
    where: { id },
    include: { alerts: { orderBy: [{ startsAt: "asc" }, { fingerprint: "asc" }] } },
  });
  if (!incident) return null;
  const [events, investigation] = await Promise.all([
    db.auditEvent.findMany({
      where: { incidentId: id },
      orderBy: { seq: "asc" },
      take: 500,
      select: { seq: true, at: true, action: true, actorType: true, actorId: true, targetType: true, targetId: true, data: true },
    }),
    getLatestInvestigation(db, id),
  ]);
  // People read "approved by ana@example.com", not a user id.
  const userIds = [...new Set(events.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  return {
    ...incident,
    timeline: events.map((e) => ({ ...e, seq: e.seq.toString(), actor: (e.actorId && emailOf.get(e.actorId)) || e.actorId })),
    ...investigation,
  };
}

export type IncidentDetail = NonNullable<Awaited<ReturnType<typeof getIncident>>>;
