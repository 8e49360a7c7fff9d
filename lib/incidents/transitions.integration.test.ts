// moveIncident on a real database: a conditional move with its audit event in the same
// transaction; of two writers racing on one incident, exactly one moves it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { moveIncident } from "@/lib/incidents/transitions";
import { prismaSql } from "@/lib/db/sql";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const newIncident = () =>
  t.db.incident.create({ data: { title: "checkout errors", groupKey: unique("g"), traceId: randomBytes(16).toString("hex") } });
const eventsOf = (incidentId: string) =>
  t.db.auditEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" }, select: { action: true, actorType: true, data: true } });

describe("moveIncident", () => {
  it("moves from an expected state, stamps when the state began, and audits who and why", async () => {
    const incident = await newIncident();
    const at = new Date("2026-12-07T03:00:00Z");
    const moved = await t.db.$transaction((tx) =>
      moveIncident(
        prismaSql(tx),
        incident.id,
        ["open", "investigating"],
        "mitigating",
        { actorType: "system", traceId: incident.traceId, reason: "a fix was applied", data: { actionId: "a1" } },
        at,
      ),
    );
    expect(moved).toBe("open");
    expect(await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ state: "mitigating", mitigatedAt: at });
    expect(await eventsOf(incident.id)).toEqual([
      {
        action: "incident.state_changed",
        actorType: "system",
        data: { from: "open", to: "mitigating", reason: "a fix was applied", actionId: "a1" },
      },
    ]);
  });

  it("writes nothing, and says so, when the incident is not in a state the caller expects", async () => {
    const incident = await newIncident();
    await t.db.$transaction((tx) =>
      moveIncident(prismaSql(tx), incident.id, ["open"], "resolved", {
        actorType: "alertmanager",
        traceId: incident.traceId,
        reason: "all alerts resolved",
      }),
    );
    const again = await t.db.$transaction((tx) =>
      moveIncident(prismaSql(tx), incident.id, ["open", "investigating"], "awaiting_approval", {
        actorType: "agent",
        traceId: incident.traceId,
        reason: "a fix was proposed",
      }),
    );
    expect(again).toBeNull();
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("resolved");
    expect((await eventsOf(incident.id)).map((e) => e.action)).toEqual(["incident.resolved"]);
  });

  it("refuses a move the state machine does not allow, before touching the row", async () => {
    const incident = await newIncident();
    await expect(
      t.db.$transaction((tx) =>
        moveIncident(prismaSql(tx), incident.id, ["closed"], "open", { actorType: "user", traceId: incident.traceId, reason: "reopen" }),
      ),
    ).rejects.toThrow("an incident cannot move from closed to open");
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("open");
  });

  it("lets exactly one of two simultaneous moves from the same state win, with one audit event", async () => {
    const incident = await newIncident();
    const race = await Promise.all([
      t.db.$transaction((tx) =>
        moveIncident(prismaSql(tx), incident.id, ["open"], "investigating", {
          actorType: "agent",
          traceId: incident.traceId,
          reason: "investigation started",
        }),
      ),
      t.db.$transaction((tx) =>
        moveIncident(prismaSql(tx), incident.id, ["open"], "resolved", {
          actorType: "alertmanager",
          traceId: incident.traceId,
          reason: "all alerts resolved",
        }),
      ),
    ]);
    expect(race.filter((r) => r === "open")).toHaveLength(1);
    expect(race.filter((r) => r === null)).toHaveLength(1);
    const state = (await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state;
    expect(await eventsOf(incident.id)).toEqual([expect.objectContaining({ data: expect.objectContaining({ from: "open", to: state }) })]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("moves nothing when the transaction that moved it rolls back, the audit event included", async () => {
    const incident = await newIncident();
    await expect(
      t.db.$transaction(async (tx) => {
        await moveIncident(prismaSql(tx), incident.id, ["open"], "investigating", {
          actorType: "agent",
          traceId: incident.traceId,
          reason: "investigation started",
        });
        throw new Error("the investigation could not start");
      }),
    ).rejects.toThrow("could not start");
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("open");
    expect(await eventsOf(incident.id)).toEqual([]);
  });
});
