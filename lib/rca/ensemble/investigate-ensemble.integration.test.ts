// An investigation in ensemble mode, from a real webhook payload through the sandbox cluster
// into the database: the run's engine, the specialists' answers and the vote in the engine
// step, their stream events, the director's streamed tokens — on both databases.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import type { Scenario } from "@/lib/scenarios/schema";
import { startScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { verifyAuditChain } from "@/lib/audit/verify";
import { answerPieces, startFakeOllama, type FakeChatBody } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";
import { eventsAfter } from "@/lib/stream/read";
import type { StreamEventData } from "@/lib/stream/types";
import { ensembleFromStepOutput } from "@/lib/rca/ensemble/record";
import { votesFromRecord } from "@/lib/rca/ensemble/votes-view";
import { panelRole } from "@/lib/rca/ensemble/fake-panel";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const scenario = (id: string) => loadScenario(path.join(publicScenariosDir, `${id}.json`));

/** The scenario's notification as fresh alerts under a fresh group key, so runs never share an incident. */
async function ingest(s: Scenario) {
  const run = unique("run");
  const alerts = s.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined }));
  const result = await ingestAlertmanagerPayload(
    t.db,
    { ...s.alertmanager, alerts, groupKey: unique(s.alertmanager.groupKey) },
    new Date(s.now),
  );
  return result.incident!;
}

async function stored(incidentId: string) {
  const run = await t.db.agentRun.findFirstOrThrow({ where: { incidentId }, include: { steps: { orderBy: { index: "asc" } } } });
  const events = await eventsAfter(t.db, incidentId, 0n);
  const votes = events.filter((e) => e.kind === "specialist.done").map((e) => e.data as StreamEventData["specialist.done"]);
  return { run, events, votes, record: ensembleFromStepOutput(run.steps.find((s) => s.kind === "engine")?.output) };
}

describe("investigateIncident in ensemble mode", () => {
  it("without a model: rule specialists vote, the run is stored as the ensemble's, and each vote streams", async () => {
    const s = scenario("orders-api-postgres-crash-recovery");
    const incident = await ingest(s);
    const world = await startScenarioWorld(s);
    try {
      const result = await investigateIncident(t.db, incident.id, { ...world.ports, rcaMode: "ensemble" });
      expect(result?.rca.rootCause).toBe("dependency_failure");
    } finally {
      await world.stop();
    }
    const { run, events, votes, record } = await stored(incident.id);
    expect(run).toMatchObject({ engine: "ensemble", model: null, status: "succeeded", rootCause: "dependency_failure", error: null });
    expect(run.steps.map((st) => st.name)).toEqual(["evidence", "ensemble rules"]);
    expect(record!.specialists.map((sp) => [sp.specialist, sp.source, sp.rootCause])).toEqual([
      ["network", "rules", "dependency_failure"],
      ["database", "rules", "dependency_failure"],
      ["compute", "rules", "unknown"],
    ]);
    expect(record!.tally).toMatchObject({
      winner: "dependency_failure",
      totals: [{ cause: "dependency_failure", voters: ["network", "database"] }],
      abstained: ["compute"],
    });
    expect(record!.director).toMatchObject({ source: "deterministic", fallbackReason: null });
    expect(record!.usage.calls).toBe(0);
    // What the incident page shows from it.
    expect(
      votesFromRecord(record!)
        .rows.filter((r) => r.won)
        .map((r) => r.specialist),
    ).toEqual(["network", "database"]);

    expect(votes.map((v) => v.specialist).sort()).toEqual(["compute", "database", "network"]);
    expect(votes.find((v) => v.specialist === "database")).toMatchObject({
      source: "rules",
      rootCause: "dependency_failure",
      fallbackReason: null,
    });
    expect(events.find((e) => e.kind === "run.started")?.data).toMatchObject({ engine: "ensemble" });
    expect(events.find((e) => e.kind === "rca")?.data).toMatchObject({ engine: "ensemble", rca: { rootCause: "dependency_failure" } });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { incidentId: incident.id, action: "rca.completed" } });
    expect(audit.data).toMatchObject({ engine: "ensemble", rootCause: "dependency_failure" });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("with a model: specialists and director on the model, the director's tokens streamed after the votes, all under the incident's trace", async () => {
    const s = scenario("checkout-api-typeerror-after-2-14-0");
    const incident = await ingest(s);
    const target = { kind: "Deployment", namespace: "shop", name: "checkout-api" };
    const firstId = (body: FakeChatBody) => /\[(E\d+)\]/.exec(body.messages.find((m) => m.role === "user")?.content ?? "")?.[1] ?? "E1";
    const answer = (body: FakeChatBody, rootCause: string, confidence: number, action = "none") =>
      JSON.stringify({
        reasoning: `${panelRole(body)}: ${rootCause}`,
        citations: [firstId(body)],
        rootCause,
        confidence,
        summary: `${rootCause} on checkout-api`,
        actions: [{ action, target, risk: action === "none" ? "low" : "medium", rationale: "r" }],
      });
    let director = "";
    const ollama = await startFakeOllama({
      script: ({ body }) => {
        const role = panelRole(body);
        const text =
          role === "network"
            ? answer(body, "dependency_failure", 0.3)
            : role === "database"
              ? answer(body, "unknown", 0.2)
              : role === "compute"
                ? answer(body, "bad_deploy", 0.85, "rollback")
                : (director = answer(body, "bad_deploy", 0.9, "rollback"));
        return { kind: "answer", pieces: answerPieces(text, 10) };
      },
    });
    const world = await startScenarioWorld(s);
    try {
      const model = { client: createOllamaClient({ host: ollama.url }), name: "llama3.1", guard: createModelGuard(), timeoutMs: 10_000 };
      const result = await investigateIncident(t.db, incident.id, { ...world.ports, model, rcaMode: "ensemble" });
      expect(result?.rca).toMatchObject({ rootCause: "bad_deploy", reasoning: "director: bad_deploy" });
      const chats = ollama.requests.filter((r) => r.path === "/api/chat");
      expect(chats.map((c) => panelRole(c.body as FakeChatBody)).sort()).toEqual(["compute", "database", "director", "network"]);
      for (const c of chats) expect(String(c.headers.traceparent)).toContain(incident.traceId);
    } finally {
      await Promise.all([world.stop(), ollama.stop()]);
    }
    const { run, events, votes, record } = await stored(incident.id);
    expect(run).toMatchObject({ engine: "ensemble", model: "llama3.1", status: "succeeded" });
    expect(run.steps.map((st) => st.name)).toEqual(["evidence", "ensemble llama3.1"]);
    expect(record!.specialists.every((sp) => sp.source === "model")).toBe(true);
    expect(record!.director).toMatchObject({ source: "model" });
    expect(record!.usage.calls).toBe(4);
    // 0.85 / (0.85 + 0.3) × 0.85: the vote's confidence, not the director's 0.9.
    expect(run.confidence).toBe(0.63);
    expect(votes.find((v) => v.specialist === "database")).toMatchObject({ source: "model", rootCause: "unknown" });

    const seq = (kind: string) => events.filter((e) => e.kind === kind).map((e) => BigInt(e.seq));
    const streamed = events
      .filter((e) => e.kind === "token")
      .map((e) => (e.data as { text: string }).text)
      .join("");
    expect(streamed).toBe(director);
    expect(seq("specialist.done").every((v) => v < seq("token")[0]!)).toBe(true);
    const actions = await t.db.proposedAction.findMany({ where: { incidentId: incident.id } });
    expect(actions[0]).toMatchObject({ kind: "rollback", namespace: "shop", name: "checkout-api" });
  });
});
