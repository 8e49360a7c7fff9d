// Reads everything an incident's lineage is made of — its alerts, every investigation with
// its steps, evidence and recorded retries and tool calls, every proposed action with its
// approvals, and the audit events of those actions — and shapes it (shape.ts). Null for an
// unknown incident.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Lineage } from "@/lib/lineage/types";
import { shapeLineage } from "@/lib/lineage/shape";
import type { AuditAction } from "@/lib/audit/actions";
import { describeEvent, noteRefs } from "@/lib/postmortem/timeline";

// Audit events that time and identify the steps of an action's way to the cluster.
const actionEvents = ["action.guarded", "action.approved", "action.executing", "action.executed", "action.failed"];
// People's commands on the incident itself (lib/incidents/human.ts), shown as their own stage.
const commandEvents: AuditAction[] = [
  "incident.acknowledged",
  "incident.assigned",
  "incident.severity_changed",
  "incident.resolved",
  "incident.closed",
  "incident.reopened",
  "investigation.requested",
  "note.added",
  "note.edited",
  "note.deleted",
];

export async function buildLineage(db: Db, incidentId: string): Promise<Lineage | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: { id: true, number: true, title: true, state: true, severity: true, traceId: true, openedAt: true },
  });
  if (!incident) return null;
  const [alerts, runs, actions, audit, events, commands, notes] = await Promise.all([
    db.alert.findMany({
      where: { incidentId },
      select: {
        id: true,
        fingerprint: true,
        alertname: true,
        status: true,
        severity: true,
        startsAt: true,
        endsAt: true,
        resolvedAt: true,
        firstReceivedAt: true,
        receiveCount: true,
        labels: true,
        annotations: true,
        generatorURL: true,
        raw: true,
      },
    }),
    db.agentRun.findMany({
      where: { incidentId },
      orderBy: [{ createdAt: "asc" }, { attempt: "asc" }],
      select: {
        id: true,
        engine: true,
        model: true,
        status: true,
        attempt: true,
        result: true,
        promptTokens: true,
        completionTokens: true,
        latencyMs: true,
        error: true,
        createdAt: true,
        startedAt: true,
        steps: {
          orderBy: { index: "asc" },
          select: {
            id: true,
            index: true,
            kind: true,
            name: true,
            output: true,
            error: true,
            startedAt: true,
            finishedAt: true,
            durationMs: true,
          },
        },
        evidence: {
          select: { id: true, ref: true, source: true, title: true, content: true, tokens: true, inContext: true, redactions: true },
        },
      },
    }),
    db.proposedAction.findMany({
      where: { incidentId },
      orderBy: [{ createdAt: "asc" }, { rank: "asc" }],
      select: {
        id: true,
        agentRunId: true,
        rank: true,
        kind: true,
        targetKind: true,
        namespace: true,
        name: true,
        replicas: true,
        risk: true,
        rationale: true,
        confidence: true,
        state: true,
        policyVerdict: true,
        preview: true,
        previewHash: true,
        resourceVersion: true,
        previewedAt: true,
        result: true,
        error: true,
        executedAt: true,
        verification: true,
        effective: true,
        verifiedAt: true,
        rollbackOfId: true,
        autonomousPolicy: true,
        createdAt: true,
        approvals: {
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            decision: true,
            comment: true,
            previewHash: true,
            resourceVersion: true,
            expiresAt: true,
            usedAt: true,
            createdAt: true,
            user: { select: { email: true, name: true } },
          },
        },
      },
    }),
    db.auditEvent.findMany({
      where: { incidentId, action: { in: actionEvents } },
      orderBy: { seq: "asc" },
      select: { seq: true, at: true, action: true, targetId: true, data: true },
    }),
    // Only the stream's retries and tool calls: its tokens are not part of the lineage.
    db.streamEvent.findMany({
      where: { incidentId, kind: { in: ["tokens.reset", "tool.called"] } },
      orderBy: { seq: "asc" },
      select: { runId: true, kind: true, data: true, at: true },
    }),
    db.auditEvent.findMany({
      where: { incidentId, actorType: "user", action: { in: commandEvents } },
      orderBy: { seq: "asc" },
      take: 500,
      select: { seq: true, at: true, action: true, actorType: true, actorId: true, targetId: true, data: true },
    }),
    db.incidentNote.findMany({ where: { incidentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, body: true } }),
  ]);
  const userIds = [...new Set(commands.map((c) => c.actorId).filter((id): id is string => id !== null))];
  const users = new Map(
    (userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : []).map((u) => [
      u.id,
      u.email,
    ]),
  );
  const names = {
    users,
    alerts: new Map<string, string>(),
    actions: new Map<string, string>(),
    notes: noteRefs(notes),
  };
  const nodes = shapeLineage({
    traceId: incident.traceId,
    alerts,
    runs: runs.map((r) => ({ ...r, events: events.filter((e) => e.runId === r.id) })),
    actions,
    audit: audit.map((e) => ({ ...e, seq: e.seq.toString() })),
    commands: commands.map((c) => ({
      seq: c.seq.toString(),
      at: c.at,
      action: c.action,
      by: (c.actorId && users.get(c.actorId)) || null,
      text: describeEvent(c, names),
      data: c.data,
    })),
  });
  return { incident: { ...incident, openedAt: incident.openedAt.toISOString() }, nodes };
}
