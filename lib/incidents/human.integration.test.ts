// The human side of incident command on a real database (both PostgreSQL setups): who
// acknowledged (exactly one person, however many click at once), who owns it, a pinned
// severity, resolving by hand past firing alerts, closing, reopening, investigating again,
// and notes, each audited with the chain intact.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import {
  acknowledgeIncident,
  addNote,
  assignIncident,
  closeIncident,
  deleteNote,
  editNote,
  investigateAgain,
  NOTE_EDIT_WINDOW_MS,
  reopenIncident,
  resolveByHand,
  setSeverity,
  type Person,
  type QueueInvestigation,
} from "@/lib/incidents/human";
import type { IncidentState } from "@/lib/generated/prisma/enums";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { parseWebhookPayload } from "@/lib/alerts/parse";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { verifyAuditChain } from "@/lib/audit/verify";
import { approveAction } from "@/lib/remediation/decide";
import type { RemediationPorts } from "@/lib/remediation/ports";

let t: TestDb;
let ana: Person;
let ben: Person;
let vic: Person;
beforeAll(async () => {
  t = await openTestDb();
  const person = async (role: Person["role"]) => {
    const u = await t.db.user.create({ data: { email: `${unique(role)}@example.com`, passwordHash: "x", role } });
    return { id: u.id, email: u.email, role: u.role };
  };
  ana = await person("responder");
  ben = await person("admin");
  vic = await person("viewer");
});
afterAll(async () => {
  await t?.close();
});

const newIncident = (state: IncidentState = "investigating", extra: { groupKey?: string; ownerId?: string } = {}) =>
  t.db.incident.create({
    data: {
      title: "checkout errors",
      state,
      groupKey: extra.groupKey ?? unique("g"),
      ownerId: extra.ownerId,
      traceId: randomBytes(16).toString("hex"),
    },
  });
const actionsOf = async (incidentId: string) =>
  (await t.db.auditEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
const queued: { incidentId: string; engine?: string }[] = [];
const queue: QueueInvestigation = async (_sql, job) => {
  queued.push({ incidentId: job.incidentId, engine: job.engine });
  return `job-${queued.length}`;
};

describe("acknowledging", () => {
  it("records who and when, takes an unowned incident, and refuses a second acknowledgement", async () => {
    const incident = await newIncident();
    const at = new Date("2026-12-07T03:00:05Z");
    expect(await acknowledgeIncident(t.db, incident.id, ana, at)).toMatchObject({ ok: true });
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      acknowledgedAt: at,
      acknowledgedById: ana.id,
      ownerId: ana.id,
    });
    expect(await actionsOf(incident.id)).toEqual(["incident.acknowledged", "incident.assigned"]);
    const again = await acknowledgeIncident(t.db, incident.id, ben);
    expect(again).toMatchObject({ ok: false, code: "already_acknowledged" });
    expect(again.message).toContain(ana.email);
  });

  it("keeps an existing owner", async () => {
    const incident = await newIncident("open", { ownerId: ben.id });
    await acknowledgeIncident(t.db, incident.id, ana);
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      ownerId: ben.id,
      acknowledgedById: ana.id,
    });
    expect(await actionsOf(incident.id)).toEqual(["incident.acknowledged"]);
  });

  it("gives exactly one acknowledger when several people click at once", async () => {
    const incident = await newIncident();
    const outcomes = await Promise.all([ana, ben, ana, ben].map((p) => acknowledgeIncident(t.db, incident.id, p)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => o.code === "already_acknowledged")).toHaveLength(3);
    expect((await actionsOf(incident.id)).filter((a) => a === "incident.acknowledged")).toHaveLength(1);
  });

  it("refuses on a resolved incident", async () => {
    const incident = await newIncident("resolved");
    expect(await acknowledgeIncident(t.db, incident.id, ana)).toMatchObject({ ok: false, code: "not_live" });
  });
});

describe("owning", () => {
  it("hands over to a responder or to nobody, and never to a viewer or a deactivated user", async () => {
    const incident = await newIncident();
    expect(await assignIncident(t.db, incident.id, ana, ben.id)).toMatchObject({ ok: true, message: expect.stringContaining(ben.email) });
    expect(await assignIncident(t.db, incident.id, ana, vic.id)).toMatchObject({ ok: false, code: "not_a_responder" });
    const gone = await t.db.user.create({
      data: { email: `${unique("gone")}@example.com`, passwordHash: "x", role: "responder", disabledAt: new Date() },
    });
    expect(await assignIncident(t.db, incident.id, ana, gone.id)).toMatchObject({ ok: false, code: "no_such_user" });
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).ownerId).toBe(ben.id);
    expect(await assignIncident(t.db, incident.id, ana, null)).toMatchObject({ ok: true });
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).ownerId).toBeNull();
    const assigned = await t.db.auditEvent.findMany({
      where: { incidentId: incident.id, action: "incident.assigned" },
      orderBy: { seq: "asc" },
    });
    expect(assigned.map((e) => e.data)).toEqual([
      expect.objectContaining({ from: null, to: ben.id, toEmail: ben.email, by: ana.email }),
      expect.objectContaining({ from: ben.id, to: null }),
    ]);
  });
});

describe("severity", () => {
  it("stays as a person set it when later alerts would raise it", async () => {
    const labels = { alertname: "HighErrorRate", service: unique("svc"), severity: "warning" };
    const send = (extra: Record<string, string>, startsAt: Date) =>
      ingestAlertmanagerPayload(
        t.db,
        parseWebhookPayload(
          JSON.stringify(
            alertmanagerPayload({ groupLabels: { service: labels.service }, alerts: [{ labels: { ...labels, ...extra }, startsAt }] }),
          ),
        ),
      );
    const first = await send({}, new Date("2026-12-07T03:00:00Z"));
    const incidentId = first.incident!.id;
    expect(await setSeverity(t.db, incidentId, ana, { severity: "low", reason: "a canary only" })).toMatchObject({ ok: true });
    await send({ severity: "critical", pod: "p2" }, new Date("2026-12-07T03:01:00Z"));
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).toMatchObject({ severity: "low", severityPinned: true });
    const changed = await t.db.auditEvent.findFirstOrThrow({ where: { incidentId, action: "incident.severity_changed" } });
    expect(changed.data).toMatchObject({ to: "low", reason: "a canary only", by: ana.email });
  });
});

describe("resolving, closing and reopening by hand", () => {
  it("asks to confirm the alerts still firing, by name, and resolves only past exactly those", async () => {
    const incident = await newIncident("awaiting_approval");
    const alert = (alertname: string) =>
      t.db.alert.create({
        data: {
          incidentId: incident.id,
          fingerprint: unique("fp"),
          startsAt: new Date(),
          status: "firing",
          alertname,
          severity: "high",
          labels: {},
          annotations: {},
          raw: {},
        },
      });
    const a = await alert("HighErrorRate");
    const first = await resolveByHand(t.db, incident.id, ana, { reason: "fixed by hand" });
    expect(first).toMatchObject({ ok: false, code: "alerts_firing", firing: [{ id: a.id, alertname: "HighErrorRate" }] });
    expect(first.message).toContain("HighErrorRate");
    // Another alert starts firing after the person saw the first list: they are asked again.
    const b = await alert("PodCrashLooping");
    expect(await resolveByHand(t.db, incident.id, ana, { reason: "fixed by hand", confirmFiring: [a.id] })).toMatchObject({
      ok: false,
      code: "alerts_firing",
    });
    expect(await resolveByHand(t.db, incident.id, ana, { reason: "fixed by hand", confirmFiring: [a.id, b.id] })).toMatchObject({
      ok: true,
    });
    const stored = await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(stored.state).toBe("resolved");
    expect(stored.resolvedAt).not.toBeNull();
    const resolved = await t.db.auditEvent.findFirstOrThrow({ where: { incidentId: incident.id, action: "incident.resolved" } });
    expect(resolved).toMatchObject({ actorType: "user", actorId: ana.id });
    expect(resolved.data).toMatchObject({ from: "awaiting_approval", to: "resolved", reason: "fixed by hand", byHand: true });
  });

  it("refuses while an action is being applied", async () => {
    const incident = await newIncident("mitigating");
    await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        traceId: incident.traceId,
        kind: "scale",
        namespace: "shop",
        name: "checkout",
        rationale: "more replicas",
        state: "executing",
        risk: "low",
      },
    });
    expect(await resolveByHand(t.db, incident.id, ana, { reason: "done" })).toMatchObject({ ok: false, code: "action_executing" });
  });

  it("closes only a resolved incident, and reopens into investigating with a new investigation", async () => {
    const incident = await newIncident("investigating");
    expect(await closeIncident(t.db, incident.id, ana, { reason: "done" })).toMatchObject({ ok: false, code: "not_resolved" });
    await resolveByHand(t.db, incident.id, ana, { reason: "fixed outside Vigil" });
    expect(await closeIncident(t.db, incident.id, ana, { reason: "post-mortem written" })).toMatchObject({ ok: true });
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).closedAt).not.toBeNull();
    const before = queued.length;
    expect(await reopenIncident(t.db, incident.id, ben, { reason: "it came back" }, queue)).toMatchObject({ ok: true });
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      state: "investigating",
      resolvedAt: null,
      closedAt: null,
    });
    expect(queued.slice(before)).toEqual([{ incidentId: incident.id, engine: undefined }]);
    expect(await actionsOf(incident.id)).toEqual(["incident.resolved", "incident.closed", "incident.reopened", "investigation.requested"]);
  });

  it("leaves the proposals of a resolved incident unapprovable until it is reopened", async () => {
    const incident = await newIncident("awaiting_approval");
    const action = await t.db.proposedAction.create({
      data: {
        incidentId: incident.id,
        traceId: incident.traceId,
        kind: "rollback",
        namespace: "shop",
        name: "checkout",
        rationale: "bad deploy",
      },
    });
    await resolveByHand(t.db, incident.id, ana, { reason: "fixed outside Vigil" });
    const decision = await approveAction(t.db, { actionId: action.id, previewHash: "0".repeat(64) }, ana, {} as RemediationPorts);
    expect(decision).toMatchObject({ ok: false, code: "incident_ended" });
    expect((await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("proposed");
  });

  it("will not reopen an incident whose alerts already have a live incident", async () => {
    const groupKey = unique("g");
    const old = await newIncident("resolved", { groupKey });
    const live = await newIncident("open", { groupKey });
    const outcome = await reopenIncident(t.db, old.id, ana, { reason: "again" }, queue);
    expect(outcome).toMatchObject({ ok: false, code: "group_has_live_incident" });
    expect(outcome.message).toContain(`INC-${live.number}`);
  });
});

describe("investigating again", () => {
  const deps = { queue, engines: ["rules", "ensemble"] as const };

  it("queues a run with the engine asked for, and is refused while one runs or an engine is missing", async () => {
    const incident = await newIncident("awaiting_approval");
    expect(await investigateAgain(t.db, incident.id, ana, { engine: "model" }, deps)).toMatchObject({
      ok: false,
      code: "engine_unavailable",
    });
    const run = await t.db.agentRun.create({
      data: { incidentId: incident.id, traceId: incident.traceId, engine: "rules", status: "running" },
    });
    expect(await investigateAgain(t.db, incident.id, ana, { engine: "rules" }, deps)).toMatchObject({ ok: false, code: "run_in_progress" });
    await t.db.agentRun.update({ where: { id: run.id }, data: { status: "succeeded" } });
    const before = queued.length;
    expect(await investigateAgain(t.db, incident.id, ana, { engine: "ensemble" }, deps)).toMatchObject({ ok: true });
    expect(queued.slice(before)).toEqual([{ incidentId: incident.id, engine: "ensemble" }]);
    const requested = await t.db.auditEvent.findFirstOrThrow({ where: { incidentId: incident.id, action: "investigation.requested" } });
    expect(requested.data).toMatchObject({ engine: "ensemble", by: ana.email });
  });

  it("is refused when one is already queued, and on a resolved incident", async () => {
    const incident = await newIncident("investigating");
    const full: QueueInvestigation = async () => null;
    expect(await investigateAgain(t.db, incident.id, ana, {}, { queue: full, engines: ["rules"] })).toMatchObject({
      ok: false,
      code: "already_queued",
    });
    expect(await actionsOf(incident.id)).toEqual([]);
    const resolved = await newIncident("resolved");
    expect(await investigateAgain(t.db, resolved.id, ana, {}, deps)).toMatchObject({ ok: false, code: "not_live" });
  });
});

describe("notes", () => {
  it("lets the author edit and delete within 15 minutes, keeping every version in the audit trail", async () => {
    const incident = await newIncident();
    const at = new Date("2026-12-07T03:00:00Z");
    expect(await addNote(t.db, incident.id, ana, "Rolled back the **DB migration** by hand.", at)).toMatchObject({ ok: true });
    const note = await t.db.incidentNote.findFirstOrThrow({ where: { incidentId: incident.id } });
    expect(await editNote(t.db, note.id, ben, "not mine", at)).toMatchObject({ ok: false, code: "not_author" });
    const later = new Date(at.getTime() + 5 * 60_000);
    expect(await editNote(t.db, note.id, ana, "Rolled back the migration by hand at 03:10.", later)).toMatchObject({ ok: true });
    expect(await t.db.incidentNote.findUniqueOrThrow({ where: { id: note.id } })).toMatchObject({ editedAt: later });
    const tooLate = new Date(at.getTime() + NOTE_EDIT_WINDOW_MS + 1_000);
    expect(await deleteNote(t.db, note.id, ana, tooLate)).toMatchObject({ ok: false, code: "too_late" });
    expect(await deleteNote(t.db, note.id, ana, later)).toMatchObject({ ok: true });
    expect(await t.db.incidentNote.findUnique({ where: { id: note.id } })).toBeNull();
    const events = await t.db.auditEvent.findMany({ where: { incidentId: incident.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.data])).toEqual([
      ["note.added", expect.objectContaining({ noteId: note.id, body: "Rolled back the **DB migration** by hand." })],
      [
        "note.edited",
        expect.objectContaining({
          before: "Rolled back the **DB migration** by hand.",
          body: "Rolled back the migration by hand at 03:10.",
        }),
      ],
      ["note.deleted", expect.objectContaining({ body: "Rolled back the migration by hand at 03:10." })],
    ]);
  });

  it("leaves the audit chain intact after all of the above", async () => {
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
