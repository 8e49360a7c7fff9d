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

/** viewerId: the signed-in user, whom owner=me means. */
function filters(query: ListIncidentsQuery, withState: boolean, viewerId: string | null): Prisma.IncidentWhereInput {
  const and: Prisma.IncidentWhereInput[] = [];
  if (query.owner === "me") and.push({ ownerId: viewerId ?? "" });
  if (query.owner === "none") and.push({ ownerId: null });
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

export async function listIncidents(db: Db, query: ListIncidentsQuery, viewerId: string | null = null) {
  const where = filters(query, true, viewerId);
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
      acknowledgedAt: true,
      owner: { select: { id: true, email: true } },
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

  const grouped = await db.incident.groupBy({ by: ["state"], where: filters(query, false, viewerId), _count: true });
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
    include: {
      alerts: { orderBy: [{ startsAt: "asc" }, { fingerprint: "asc" }] },
      owner: { select: { id: true, email: true } },
      acknowledgedBy: { select: { id: true, email: true } },
      notes: { orderBy: { createdAt: "asc" }, include: { author: { select: { id: true, email: true } } } },
    },
  });
  if (!incident) return null;
  const [events, investigation, runs, firstRca] = await Promise.all([
    db.auditEvent.findMany({
      where: { incidentId: id },
      orderBy: { seq: "asc" },
      take: 500,
      select: { seq: true, at: true, action: true, actorType: true, actorId: true, targetType: true, targetId: true, data: true },
    }),
    getLatestInvestigation(db, id),
    // Every run, newest first, to compare what each engine concluded.
    db.agentRun.findMany({
      where: { incidentId: id },
      orderBy: [{ createdAt: "desc" }, { attempt: "desc" }],
      take: 50,
      select: {
        id: true,
        engine: true,
        model: true,
        status: true,
        attempt: true,
        rootCause: true,
        confidence: true,
        error: true,
        result: true,
        createdAt: true,
        finishedAt: true,
      },
    }),
    db.agentRun.findFirst({ where: { incidentId: id, status: "succeeded" }, orderBy: { finishedAt: "asc" }, select: { finishedAt: true } }),
  ]);
  // People read "approved by ana@example.com", not a user id.
  const userIds = [...new Set(events.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const { notes, ...rest } = incident;
  return {
    ...rest,
    notes: notes.map((n) => ({ id: n.id, body: n.body, createdAt: n.createdAt, editedAt: n.editedAt, author: n.author })),
    runs: runs.map(({ result, ...r }) => ({ ...r, citations: citationsOf(result) })),
    // Vigil's own speed, shown beside the human MTTA: when its first investigation concluded.
    firstRcaAt: firstRca?.finishedAt ?? null,
    timeline: events.map((e) => ({ ...e, seq: e.seq.toString(), actor: (e.actorId && emailOf.get(e.actorId)) || e.actorId })),
    ...investigation,
  };
}

/** The evidence a run's RCA cites (E1, E2...), read from its stored result. */
function citationsOf(result: unknown): string[] {
  const citations = (result as { citations?: unknown } | null)?.citations;
  return Array.isArray(citations) ? citations.filter((c): c is string => typeof c === "string").slice(0, 20) : [];
}

/** Who may own an incident: enabled responders and admins, for the "assign to" menu. */
export async function listResponders(db: Db) {
  return db.user.findMany({
    where: { disabledAt: null, role: { in: ["responder", "admin"] } },
    orderBy: { email: "asc" },
    select: { id: true, email: true },
  });
}

export type IncidentDetail = NonNullable<Awaited<ReturnType<typeof getIncident>>>;
