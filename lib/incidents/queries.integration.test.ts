import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { getIncident, listIncidents } from "@/lib/incidents/queries";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";

let t: TestDb;
const namespace = unique("list");

beforeAll(async () => {
  t = await openTestDb();
  // Seven incidents in one namespace, one minute apart; the newest is critical.
  for (let i = 0; i < 7; i++) {
    const alertname = `Alert${i}`;
    const payload = alertmanagerPayload({
      groupLabels: { alertname, namespace },
      alerts: [
        {
          labels: { alertname, namespace, deployment: `svc-${i}`, severity: i === 6 ? "critical" : "warning" },
          annotations: { summary: `svc-${i} is unhappy` },
          startsAt: new Date(Date.UTC(2026, 10, 22, 3, i)),
        },
      ],
    });
    await ingestAlertmanagerPayload(t.db, webhookPayloadSchema.parse(payload), new Date(Date.UTC(2026, 10, 22, 3, i, 30)));
  }
});
afterAll(async () => {
  await t?.close();
});

const query = (q: Record<string, string>) => listIncidentsQuerySchema.parse({ namespace, ...q });

describe("listIncidents", () => {
  it("pages newest first with a cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listIncidents(t.db, query({ limit: "3", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `svc-${i} is unhappy`));
  });

  it("filters by severity, state and text, and counts per state", async () => {
    const critical = await listIncidents(t.db, query({ severity: "critical" }));
    expect(critical.items.map((i) => i.workload)).toEqual(["svc-6"]);
    expect(critical.counts.open).toBe(1);
    const text = await listIncidents(t.db, query({ q: "ALERT3" }));
    expect(text.items.map((i) => i.workload)).toEqual(["svc-3"]);
    const byNumber = await listIncidents(t.db, query({ q: `INC-${text.items[0]!.number}` }));
    expect(byNumber.items).toHaveLength(1);
    const resolved = await listIncidents(t.db, query({ state: "resolved" }));
    expect(resolved.items).toHaveLength(0);
    expect(resolved.counts.open).toBe(7);
    expect(text.items[0]).toMatchObject({ alertCount: 1, firingCount: 1 });
  });

  it("returns one incident with its alerts and timeline", async () => {
    const [first] = (await listIncidents(t.db, query({ limit: "1" }))).items;
    const incident = await getIncident(t.db, first!.id);
    expect(incident?.alerts).toHaveLength(1);
    expect(incident?.timeline.map((e) => e.action)).toEqual(["webhook.received", "incident.opened", "alert.received"]);
    expect(await getIncident(t.db, "does-not-exist")).toBeNull();
  });

  it("returns the latest run with its steps and RCA, its evidence by ref number and its actions by rank", async () => {
    const [first] = (await listIncidents(t.db, query({ limit: "1" }))).items;
    const incident = await t.db.incident.findUniqueOrThrow({ where: { id: first!.id } });
    const base = { incidentId: incident.id, traceId: incident.traceId };
    // The stored result as the investigation writes it; it must parse back as an RCA.
    const rca = {
      rootCause: "bad_deploy",
      confidence: 0.86,
      summary: "Bad deploy",
      reasoning: "- rolled out (E10)",
      citations: ["E10"],
      actions: [{ action: "rollback", target: { kind: "Deployment", namespace, name: "svc-6" }, risk: "medium", rationale: "roll back" }],
    };
    const older = await t.db.agentRun.create({
      data: { ...base, engine: "rules", status: "failed", error: "interrupted", createdAt: new Date(Date.UTC(2026, 10, 22, 4)) },
    });
    const run = await t.db.agentRun.create({
      data: {
        ...base,
        engine: "rules",
        status: "succeeded",
        attempt: 2,
        result: rca,
        latencyMs: 120,
        createdAt: new Date(Date.UTC(2026, 10, 22, 5)),
      },
    });
    await t.db.agentStep.createMany({ data: [2, 1].map((index) => ({ runId: run.id, index, kind: "collect", name: `step-${index}` })) });
    await t.db.evidence.createMany({
      data: ["E10", "E2", "E1"].map((ref) => ({ ...base, agentRunId: run.id, ref, source: "logs", title: ref, content: "a\nb" })),
    });
    await t.db.evidence.create({ data: { ...base, agentRunId: older.id, ref: "E1", source: "alert", title: "older", content: "" } });
    await t.db.proposedAction.createMany({
      data: [2, 1].map((rank) => ({
        ...base,
        agentRunId: run.id,
        rank,
        kind: rank === 1 ? "rollback" : "none",
        namespace,
        name: "svc-6",
        rationale: "why",
      })),
    });

    const detail = await getIncident(t.db, incident.id);
    expect(detail?.latestRun).toMatchObject({
      id: run.id,
      status: "succeeded",
      attempt: 2,
      latencyMs: 120,
      rca: { rootCause: "bad_deploy", citations: ["E10"] },
    });
    expect(detail?.latestRun?.steps.map((s) => s.name)).toEqual(["step-1", "step-2"]);
    expect(detail?.evidence.map((e) => e.ref)).toEqual(["E1", "E2", "E10"]);
    expect(detail?.actions.map((a) => [a.rank, a.kind])).toEqual([
      [1, "rollback"],
      [2, "none"],
    ]);

    // A result that no longer parses is flagged, never passed on as an RCA.
    await t.db.agentRun.update({ where: { id: run.id }, data: { result: { rootCause: "gremlins" } } });
    expect((await getIncident(t.db, incident.id))?.latestRun).toMatchObject({ rca: null, unreadableResult: true });
  });

  it("has no investigation before the first run", async () => {
    const [, second] = (await listIncidents(t.db, query({ limit: "2" }))).items;
    expect(await getIncident(t.db, second!.id)).toMatchObject({ latestRun: null, evidence: [], actions: [] });
  });
});
