// The audit log query against a real database: every filter, newest-first keyset pages, and
// names resolved for reading. The embedded database is shared with other files, so each
// assertion is scoped to this file's own trace id (or its own users and incident).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit, type AuditInput } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { createUser } from "@/lib/auth/users";
import { newTraceId } from "@/lib/tracing/trace-context";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditQuerySchema } from "@/lib/audit/schemas";

let t: TestDb;
const trace = newTraceId();
let alice: { id: string; email: string };
let incident: { id: string; number: number };
let ats: Date[] = [];

const steps = (): AuditInput[] => [
  { action: "user.signed_in", actorType: "user", actorId: alice.id, targetType: "User", targetId: alice.id, data: { email: alice.email } },
  { action: "incident.opened", actorType: "alertmanager", incidentId: incident.id, targetType: "Incident", targetId: incident.id },
  { action: "rca.completed", actorType: "agent", incidentId: incident.id, data: { rootCause: "bad_deploy" } },
  { action: "action.proposed", actorType: "agent", incidentId: incident.id, targetType: "ProposedAction", targetId: unique("pa") },
  {
    action: "action.approved",
    actorType: "user",
    actorId: alice.id,
    incidentId: incident.id,
    targetType: "ProposedAction",
    targetId: unique("pa"),
  },
  { action: "action.executed", actorType: "system", incidentId: incident.id, data: { generation: 7 } },
  { action: "incident.resolved", actorType: "system", incidentId: incident.id },
];

beforeAll(async () => {
  t = await openTestDb();
  alice = await createUser(
    t.db,
    { email: `${unique("alice")}@vigil.test`, password: "correct-horse-battery", role: "admin" },
    { type: "system" },
  );
  incident = await t.db.incident.create({
    data: { title: "audit log fixture", groupKey: unique("group"), traceId: trace },
    select: { id: true, number: true },
  });
  // One transaction per step, a few milliseconds apart, so each has its own time for the range filter.
  for (const step of steps()) {
    await t.db.$transaction((tx) => appendAudit(prismaSql(tx), [{ ...step, traceId: trace }]));
    await new Promise((r) => setTimeout(r, 5));
  }
  ats = (await t.db.auditEvent.findMany({ where: { traceId: trace }, orderBy: { seq: "asc" }, select: { at: true } })).map((e) => e.at);
});
afterAll(async () => {
  await t?.close();
});

const list = (q: Record<string, string>) => listAuditEvents(t.db, auditQuerySchema.parse({ trace, ...q }));
const actions = async (q: Record<string, string>) => (await list(q)).items.map((e) => e.action);

describe("listAuditEvents", () => {
  it("pages newest first by seq, without gaps or repeats", async () => {
    const seen: string[] = [];
    const seqs: bigint[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.action));
      seqs.push(...page.items.map((e) => BigInt(e.seq)));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(
      steps()
        .map((s) => s.action)
        .reverse(),
    );
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : 1)));
  });

  it("filters by an action or a prefix of the vocabulary", async () => {
    expect(await actions({ action: "action.approved" })).toEqual(["action.approved"]);
    expect(await actions({ action: "action." })).toEqual(["action.executed", "action.approved", "action.proposed"]);
    expect(await actions({ action: "incident.*" })).toEqual(["incident.resolved", "incident.opened"]);
  });

  it("filters by a user's email (any case) or an actor type", async () => {
    expect(await actions({ actor: alice.email.toUpperCase() })).toEqual(["action.approved", "user.signed_in"]);
    expect(await actions({ actor: "agent" })).toEqual(["action.proposed", "rca.completed"]);
    expect(await actions({ actor: "nobody@vigil.test" })).toEqual([]);
  });

  it("filters by incident id or number", async () => {
    const expected = steps()
      .slice(1)
      .map((s) => s.action)
      .reverse();
    for (const id of [incident.id, `INC-${incident.number}`, `inc-${incident.number}`, String(incident.number)]) {
      expect(await actions({ incident: id })).toEqual(expected);
    }
    expect(await actions({ incident: "999999999" })).toEqual([]);
    expect(await actions({ incident: "no-such-incident" })).toEqual([]);
  });

  it("filters by trace id (any case) and a time range, both ends inclusive", async () => {
    const all = await listAuditEvents(t.db, auditQuerySchema.parse({ trace: trace.toUpperCase() }));
    expect(all.items).toHaveLength(7);
    const within = await actions({ from: ats[2]!.toISOString(), to: ats[4]!.toISOString() });
    expect(within).toEqual(["action.approved", "action.proposed", "rca.completed"]);
    expect(await actions({ from: ats[6]!.toISOString() })).toEqual(["incident.resolved"]);
    expect(await actions({ to: ats[0]!.toISOString() })).toEqual(["user.signed_in"]);
  });

  it("combines filters", async () => {
    expect(await actions({ action: "action.", actor: "user" })).toEqual(["action.approved"]);
    expect(await actions({ action: "user.signed_in", incident: incident.id })).toEqual([]);
  });

  it("resolves user ids to emails and incident ids to numbers", async () => {
    const { items } = await list({ action: "user.signed_in" });
    expect(items[0]).toMatchObject({
      actorType: "user",
      actorId: alice.id,
      actorEmail: alice.email,
      targetType: "User",
      targetEmail: alice.email,
      incidentId: null,
      incidentNumber: null,
      traceId: trace,
      data: { email: alice.email },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const [executed] = (await list({ action: "action.executed" })).items;
    expect(executed).toMatchObject({ incidentId: incident.id, incidentNumber: incident.number, actorEmail: null, data: { generation: 7 } });
    expect(typeof executed!.seq).toBe("string");
  });
});
