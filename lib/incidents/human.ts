// The human side of incident command: a person acknowledges, owns, hands over, corrects the
// severity of, notes, resolves, closes, reopens and re-investigates an incident. Each
// command is one transaction that locks the incident row first (so two people acting at
// once are served one after the other, and the second sees what the first did), changes
// state only through the state machine, and appends its audit event before it commits.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { IncidentState, Role, Severity } from "@/lib/generated/prisma/enums";
import { sqlTransaction, type Sql } from "@/lib/db/sql";
import { appendAudit, type AuditInput } from "@/lib/audit/append";
import { cuid } from "@/lib/db/cuid";
import { hasRole } from "@/lib/auth/roles";
import { liveStates, severityLabel, terminalStates } from "@/lib/incidents/model";
import { moveIncident } from "@/lib/incidents/transitions";
import type { RcaEngine } from "@/lib/investigation/engines";
import { NOTE_EDIT_WINDOW_MS } from "@/lib/incidents/notes";

export type Person = { id: string; email: string; role: Role };
export type FiringAlert = { id: string; alertname: string };
export type HumanOutcome = { ok: boolean; message: string; code?: string; firing?: FiringAlert[] };

/** Queues an investigation inside the caller's transaction; null when one is already queued. */
export type QueueInvestigation = (sql: Sql, job: { incidentId: string; traceId: string; engine?: RcaEngine }) => Promise<string | null>;

// The note rules live where the console can read them too.
export { NOTE_EDIT_WINDOW_MS, NOTE_MAX_CHARS } from "@/lib/incidents/notes";

type Locked = {
  id: string;
  number: number;
  state: IncidentState;
  traceId: string;
  groupKey: string;
  groupScope: string;
  severity: Severity;
  ownerId: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
};

const refused = (code: string, message: string): HumanOutcome => ({ ok: false, code, message });
const NOT_FOUND = refused("not_found", "That incident does not exist.");

async function lockIncident(sql: Sql, id: string): Promise<Locked | null> {
  const rows = await sql.rows<Locked>(
    `SELECT i.id, i.number, i.state::text AS state, i."traceId", i."groupKey", i."groupScope", i.severity::text AS severity, i."ownerId",
            i."acknowledgedAt", u.email AS "acknowledgedBy"
     FROM "Incident" i LEFT JOIN "User" u ON u.id = i."acknowledgedById"
     WHERE i.id = $1 FOR UPDATE OF i`,
    [id],
  );
  return rows[0] ?? null;
}

/** Runs `work` on the locked incident; the audit events it returns are appended before the commit. */
function onIncident(
  db: Db,
  incidentId: string,
  work: (sql: Sql, incident: Locked) => Promise<{ outcome: HumanOutcome; audit?: AuditInput[] }>,
): Promise<HumanOutcome> {
  return sqlTransaction(db, async (sql) => {
    const incident = await lockIncident(sql, incidentId);
    if (!incident) return NOT_FOUND;
    const { outcome, audit = [] } = await work(sql, incident);
    if (outcome.ok && audit.length > 0) await appendAudit(sql, audit);
    return outcome;
  });
}

function event(i: Locked, person: Person, action: AuditInput["action"], data: Record<string, unknown>): AuditInput {
  return {
    action,
    actorType: "user",
    actorId: person.id,
    incidentId: i.id,
    traceId: i.traceId,
    targetType: "Incident",
    targetId: i.id,
    data: { by: person.email, ...data },
  };
}

const inc = (i: Pick<Locked, "number">) => `INC-${i.number}`;
const isLive = (state: IncidentState) => liveStates.includes(state);

async function executingActions(sql: Sql, incidentId: string): Promise<number> {
  const rows = await sql.rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM "ProposedAction" WHERE "incidentId" = $1 AND state = 'executing'`,
    [incidentId],
  );
  return rows[0]?.n ?? 0;
}

/** A person takes the incident: the first acknowledgement is the one MTTA counts, and an unowned incident becomes theirs. */
export function acknowledgeIncident(db: Db, incidentId: string, person: Person, now = new Date()): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    if (i.acknowledgedAt)
      return { outcome: refused("already_acknowledged", `${inc(i)} was already acknowledged by ${i.acknowledgedBy ?? "a former user"}.`) };
    if (!isLive(i.state)) return { outcome: refused("not_live", `${inc(i)} is ${i.state}: there is nothing to acknowledge.`) };
    await sql.run(
      `UPDATE "Incident" SET "acknowledgedAt" = $2::timestamp, "acknowledgedById" = $3, "ownerId" = COALESCE("ownerId", $3),
              "updatedAt" = $2::timestamp WHERE id = $1`,
      [i.id, now.toISOString(), person.id],
    );
    const audit = [event(i, person, "incident.acknowledged", {})];
    if (!i.ownerId)
      audit.push(event(i, person, "incident.assigned", { from: null, to: person.id, toEmail: person.email, reason: "acknowledged" }));
    const owns = i.ownerId ? "" : " You own it now.";
    return { outcome: { ok: true, message: `Acknowledged ${inc(i)}.${owns}` }, audit };
  });
}

/** Hands the incident to a responder (or to nobody). Only responders and admins can own one. */
export function assignIncident(db: Db, incidentId: string, person: Person, to: string | null, now = new Date()): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    if (i.state === "closed") return { outcome: refused("closed", `${inc(i)} is closed: reopen it to hand it over.`) };
    if (i.ownerId === to) return { outcome: { ok: true, message: to ? "They already own it." : "It has no owner already." } };
    let toEmail: string | null = null;
    if (to) {
      const [user] = await sql.rows<{ email: string; role: Role; disabledAt: Date | null }>(
        `SELECT email, role::text AS role, "disabledAt" FROM "User" WHERE id = $1`,
        [to],
      );
      if (!user || user.disabledAt) return { outcome: refused("no_such_user", "That user does not exist or is deactivated.") };
      if (!hasRole(user.role, "responder"))
        return { outcome: refused("not_a_responder", `${user.email} is a ${user.role}: only responders and admins can own an incident.`) };
      toEmail = user.email;
    }
    await sql.run(`UPDATE "Incident" SET "ownerId" = $2, "updatedAt" = $3::timestamp WHERE id = $1`, [i.id, to, now.toISOString()]);
    const message = !to ? `${inc(i)} has no owner now.` : to === person.id ? `You own ${inc(i)}.` : `${toEmail} owns ${inc(i)}.`;
    return { outcome: { ok: true, message }, audit: [event(i, person, "incident.assigned", { from: i.ownerId, to, toEmail })] };
  });
}

/** A person corrects the severity. It stays as they set it: later alerts no longer raise it. */
export function setSeverity(
  db: Db,
  incidentId: string,
  person: Person,
  input: { severity: Severity; reason: string },
  now = new Date(),
): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    if (i.state === "closed") return { outcome: refused("closed", `${inc(i)} is closed: reopen it to change its severity.`) };
    await sql.run(`UPDATE "Incident" SET severity = $2::"Severity", "severityPinned" = true, "updatedAt" = $3::timestamp WHERE id = $1`, [
      i.id,
      input.severity,
      now.toISOString(),
    ]);
    return {
      outcome: { ok: true, message: `Severity set to ${severityLabel[input.severity]}; later alerts will not change it.` },
      audit: [event(i, person, "incident.severity_changed", { from: i.severity, to: input.severity, reason: input.reason })],
    };
  });
}

/**
 * Resolves a live incident by hand. While alerts still fire, the person must have seen them:
 * the first call answers `alerts_firing` with their names, and only a call confirming exactly
 * those alerts resolves (one that started firing meanwhile asks again).
 */
export function resolveByHand(
  db: Db,
  incidentId: string,
  person: Person,
  input: { reason: string; confirmFiring?: string[] },
  now = new Date(),
): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    if (!isLive(i.state)) return { outcome: refused("not_live", `${inc(i)} is already ${i.state}.`) };
    if ((await executingActions(sql, i.id)) > 0)
      return { outcome: refused("action_executing", "An action is being applied to the cluster: wait for its result.") };
    const firing = await sql.rows<FiringAlert>(
      `SELECT id, alertname FROM "Alert" WHERE "incidentId" = $1 AND status = 'firing' ORDER BY "startsAt", id`,
      [i.id],
    );
    const confirmed = new Set(input.confirmFiring ?? []);
    if (firing.length > 0 && !firing.every((a) => confirmed.has(a.id))) {
      const names = [...new Set(firing.map((a) => a.alertname))].join(", ");
      const count = firing.length === 1 ? "1 alert still fires" : `${firing.length} alerts still fire`;
      return { outcome: { ok: false, code: "alerts_firing", message: `${count}: ${names}. Resolve anyway?`, firing } };
    }
    const audit: AuditInput[] = [];
    const moved = await moveIncident(
      sql,
      i.id,
      [i.state],
      "resolved",
      {
        actorType: "user",
        actorId: person.id,
        traceId: i.traceId,
        reason: input.reason,
        data: { by: person.email, byHand: true, firingAlerts: firing.map((a) => a.alertname) },
        into: audit,
      },
      now,
    );
    if (!moved) return { outcome: refused("moved", `${inc(i)} changed meanwhile: look again.`) };
    return { outcome: { ok: true, message: `Resolved ${inc(i)}.` }, audit };
  });
}

/** Closes a resolved incident: the post-mortem is written and nothing more is expected of it. */
export function closeIncident(db: Db, incidentId: string, person: Person, input: { reason: string }, now = new Date()) {
  return onIncident(db, incidentId, async (sql, i) => {
    if (i.state !== "resolved")
      return { outcome: refused("not_resolved", `${inc(i)} is ${i.state}: only a resolved incident can be closed.`) };
    const audit: AuditInput[] = [];
    await moveIncident(
      sql,
      i.id,
      ["resolved"],
      "closed",
      { actorType: "user", actorId: person.id, traceId: i.traceId, reason: input.reason, data: { by: person.email }, into: audit },
      now,
    );
    return { outcome: { ok: true, message: `Closed ${inc(i)}.` }, audit };
  });
}

/** Reopens a resolved or closed incident into investigating, and queues its investigation. */
export function reopenIncident(
  db: Db,
  incidentId: string,
  person: Person,
  input: { reason: string },
  queue: QueueInvestigation,
  now = new Date(),
): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    if (!terminalStates.includes(i.state)) return { outcome: refused("not_resolved", `${inc(i)} is still ${i.state}.`) };
    // One live incident per Alertmanager group (a partial unique index holds it).
    const [other] = await sql.rows<{ number: number }>(
      `SELECT number FROM "Incident"
       WHERE "groupKey" = $1 AND "groupScope" = $3 AND id <> $2 AND state NOT IN ('resolved', 'closed') LIMIT 1`,
      [i.groupKey, i.id, i.groupScope],
    );
    if (other)
      return { outcome: refused("group_has_live_incident", `INC-${other.number} is open for the same alerts: work on that one instead.`) };
    const audit: AuditInput[] = [];
    await moveIncident(
      sql,
      i.id,
      [i.state],
      "investigating",
      { actorType: "user", actorId: person.id, traceId: i.traceId, reason: input.reason, data: { by: person.email }, into: audit },
      now,
    );
    const job = await queue(sql, { incidentId: i.id, traceId: i.traceId });
    audit.push(event(i, person, "investigation.requested", { engine: null, reason: "reopened", queued: job !== null }));
    return { outcome: { ok: true, message: `Reopened ${inc(i)}: it is being investigated again.` }, audit };
  });
}

/**
 * Queues another investigation, optionally with another engine. Refused while a run is under
 * way, while an action is being applied, and on a resolved or closed incident (reopen it).
 */
export function investigateAgain(
  db: Db,
  incidentId: string,
  person: Person,
  input: { engine?: RcaEngine },
  deps: { queue: QueueInvestigation; engines: readonly RcaEngine[] },
): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    if (!isLive(i.state)) return { outcome: refused("not_live", `${inc(i)} is ${i.state}: reopen it to investigate again.`) };
    if (input.engine && !deps.engines.includes(input.engine))
      return { outcome: refused("engine_unavailable", `The ${input.engine} engine is not available here (no model is configured).`) };
    const [running] = await sql.rows<{ id: string }>(`SELECT id FROM "AgentRun" WHERE "incidentId" = $1 AND status = 'running' LIMIT 1`, [
      i.id,
    ]);
    if (running) return { outcome: refused("run_in_progress", "An investigation is running: wait for it to finish.") };
    if ((await executingActions(sql, i.id)) > 0)
      return { outcome: refused("action_executing", "An action is being applied to the cluster: wait for its result.") };
    const job = await deps.queue(sql, { incidentId: i.id, traceId: i.traceId, engine: input.engine });
    if (!job) return { outcome: refused("already_queued", "An investigation is already queued for this incident.") };
    const engine = input.engine ?? "default";
    return {
      outcome: { ok: true, message: `Investigation queued (${engine === "default" ? "the configured engine" : `${engine} engine`}).` },
      audit: [event(i, person, "investigation.requested", { engine: input.engine ?? null, jobId: job })],
    };
  });
}

/** A Markdown note on the timeline. Notes may be added to any incident, closed ones included. */
export function addNote(db: Db, incidentId: string, person: Person, body: string, now = new Date()): Promise<HumanOutcome> {
  return onIncident(db, incidentId, async (sql, i) => {
    const id = cuid();
    await sql.run(`INSERT INTO "IncidentNote" (id, "incidentId", "authorId", body, "createdAt") VALUES ($1, $2, $3, $4, $5::timestamp)`, [
      id,
      i.id,
      person.id,
      body,
      now.toISOString(),
    ]);
    return {
      outcome: { ok: true, message: "Note added." },
      audit: [{ ...event(i, person, "note.added", { noteId: id, body }), targetType: "IncidentNote", targetId: id }],
    };
  });
}

type NoteRow = { id: string; incidentId: string; authorId: string; body: string; createdAt: Date };

/** Edits or deletes one's own note within the window; the audit event keeps the text it replaced. */
async function changeNote(db: Db, noteId: string, person: Person, change: { body: string } | "delete", now: Date): Promise<HumanOutcome> {
  const [note] = await db.$queryRawUnsafe<NoteRow[]>(
    `SELECT id, "incidentId", "authorId", body, "createdAt" FROM "IncidentNote" WHERE id = $1`,
    noteId,
  );
  if (!note) return refused("not_found", "That note no longer exists.");
  return onIncident(db, note.incidentId, async (sql, i) => {
    const [current] = await sql.rows<NoteRow>(`SELECT id, "authorId", body, "createdAt" FROM "IncidentNote" WHERE id = $1 FOR UPDATE`, [
      noteId,
    ]);
    if (!current) return { outcome: refused("not_found", "That note no longer exists.") };
    if (current.authorId !== person.id) return { outcome: refused("not_author", "Only its author can change a note.") };
    if (now.getTime() - current.createdAt.getTime() > NOTE_EDIT_WINDOW_MS)
      return { outcome: refused("too_late", "A note can be changed only in the first 15 minutes: add another note instead.") };
    const target = { targetType: "IncidentNote", targetId: noteId };
    if (change === "delete") {
      await sql.run(`DELETE FROM "IncidentNote" WHERE id = $1`, [noteId]);
      return {
        outcome: { ok: true, message: "Note deleted." },
        audit: [{ ...event(i, person, "note.deleted", { noteId, body: current.body }), ...target }],
      };
    }
    await sql.run(`UPDATE "IncidentNote" SET body = $2, "editedAt" = $3::timestamp WHERE id = $1`, [
      noteId,
      change.body,
      now.toISOString(),
    ]);
    return {
      outcome: { ok: true, message: "Note saved." },
      audit: [{ ...event(i, person, "note.edited", { noteId, before: current.body, body: change.body }), ...target }],
    };
  });
}

export const editNote = (db: Db, noteId: string, person: Person, body: string, now = new Date()) =>
  changeNote(db, noteId, person, { body }, now);
export const deleteNote = (db: Db, noteId: string, person: Person, now = new Date()) => changeNote(db, noteId, person, "delete", now);
