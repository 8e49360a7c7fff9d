// The incident-command server actions as the console calls them: the session is the only
// thing stubbed; users, incidents, audit rows and stream events are real. A viewer and a
// signed-out caller are refused every command, and change nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { actors } from "@/lib/testing/runbooks";
import type { Actor } from "@/lib/runbooks/library";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let as: Record<"viewer" | "responder" | "admin", Actor>;
let actions: typeof import("@/app/(console)/incidents/[id]/command-actions");

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  as = await actors(t.db);
  actions = await import("@/app/(console)/incidents/[id]/command-actions");
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

const newIncident = () =>
  t.db.incident.create({
    data: { title: "checkout errors", state: "investigating", groupKey: unique("g"), traceId: randomBytes(16).toString("hex") },
  });

describe("incident-command server actions", () => {
  it("refuses every command to a viewer and to someone signed out, and changes nothing", async () => {
    const incident = await newIncident();
    const incidentId = incident.id;
    const calls = () => [
      actions.acknowledge({ incidentId }),
      actions.assign({ incidentId, to: null }),
      actions.changeSeverity({ incidentId, severity: "low", reason: "canary" }),
      actions.resolve({ incidentId, reason: "fixed" }),
      actions.close({ incidentId, reason: "done" }),
      actions.reopen({ incidentId, reason: "again" }),
      actions.investigate({ incidentId, engine: "rules" }),
      actions.addIncidentNote({ incidentId, body: "hello" }),
      actions.editIncidentNote({ incidentId, noteId: "n1", body: "hello" }),
      actions.deleteIncidentNote({ incidentId, noteId: "n1" }),
    ];
    session.userId = as.viewer.id;
    for (const outcome of await Promise.all(calls())) {
      expect(outcome).toMatchObject({ ok: false, code: "forbidden" });
      expect(outcome.message).toMatch(/^You are a viewer: only responders and admins can /);
    }
    session.userId = null;
    for (const outcome of await Promise.all(calls())) expect(outcome).toMatchObject({ ok: false, code: "signed_out" });
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).toMatchObject({
      acknowledgedAt: null,
      ownerId: null,
      state: "investigating",
    });
    expect(await t.db.auditEvent.count({ where: { incidentId } })).toBe(0);
  });

  it("acknowledges and notes for a responder, and tells the incident's live stream", async () => {
    const incident = await newIncident();
    session.userId = as.responder.id;
    expect(await actions.acknowledge({ incidentId: incident.id })).toMatchObject({ ok: true });
    expect(await actions.addIncidentNote({ incidentId: incident.id, body: "Waiting on the **vendor**." })).toMatchObject({ ok: true });
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ acknowledgedById: as.responder.id });
    const events = await t.db.streamEvent.findMany({ where: { incidentId: incident.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.kind, e.data])).toEqual([
      ["incident.changed", { what: "acknowledged" }],
      ["incident.changed", { what: "note" }],
    ]);
  });

  it("names what was wrong with the input", async () => {
    const incident = await newIncident();
    session.userId = as.responder.id;
    expect(await actions.resolve({ incidentId: incident.id, reason: " " })).toMatchObject({
      ok: false,
      code: "invalid",
      message: "Give a reason of at least 3 characters.",
    });
    expect(await actions.addIncidentNote({ incidentId: incident.id, body: "" })).toMatchObject({ ok: false, message: "Give a note." });
  });
});
