// The tuning export end to end: a bad deploy ingested, investigated by the rules, its
// rollback approved, executed on the sandbox cluster and verified once the alerts resolve —
// then exported as one chat-format JSON line with nothing secret in it. Unverified and
// undone remediations stay out; the route is for admins and audits what it sent.
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { remediationPortsFor } from "@/lib/testing/remediation-ports";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { afterRca } from "@/lib/remediation/after-rca";
import { approveAction } from "@/lib/remediation/decide";
import { undoAction } from "@/lib/remediation/undo";
import { verifyAction } from "@/lib/remediation/verify";
import { createUser } from "@/lib/auth/users";
import { rcaSchema } from "@/lib/rca/types";
import { SYSTEM_PROMPT } from "@/lib/rca/model/prompt";
import { tuningEntries, type TuningRecord } from "@/lib/export/tuning";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
// Secrets an annotation should never carry, and the export must never let out.
const PLANTED = "leaked by a sloppy rule: password=hunter2 aws_key AKIAIOSFODNN7EXAMPLE";

let t: TestDb;
let world: ScenarioWorld | undefined;
let GET: () => Promise<Response>;
beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ GET } = await import("@/app/api/export/tuning.jsonl/route"));
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const portsFor = (w: ScenarioWorld) => remediationPortsFor(w, { writeTimeoutMs: 400 });

const user = (role: "responder" | "admin" | "viewer") =>
  createUser(t.db, { email: `${unique(role)}@vigil.test`, password: "correct-horse-battery", role }, { type: "system" });

/** A bad deploy's rollback, approved and executed; `resolve` clears the alerts and verifies it. */
async function executedRollback() {
  world ??= await startScenarioWorld(scenario);
  const ports = portsFor(world);
  const run = unique("run");
  const alerts = scenario.alertmanager.alerts.map((a) => ({
    ...a,
    labels: { ...a.labels, run },
    annotations: { ...a.annotations, description: `${a.annotations.description} ${PLANTED}` },
    fingerprint: undefined,
  }));
  const payload = { ...scenario.alertmanager, alerts, groupKey: unique(scenario.alertmanager.groupKey) };
  const incident = (await ingestAlertmanagerPayload(t.db, payload, new Date(scenario.now))).incident!;
  const result = await investigateIncident(t.db, incident.id, world.ports);
  await afterRca(t.db, incident.id, result!.runId, ports);
  const action = await t.db.proposedAction.findFirstOrThrow({ where: { incidentId: incident.id, rank: 1 } });
  const responder = await user("responder");
  expect(await approveAction(t.db, { actionId: action.id, previewHash: action.previewHash! }, responder, ports)).toMatchObject({
    ok: true,
  });
  const resolve = async () => {
    const at = new Date();
    await ingestAlertmanagerPayload(
      t.db,
      { ...payload, status: "resolved", alerts: payload.alerts.map((a) => ({ ...a, status: "resolved", endsAt: at.toISOString() })) },
      at,
    );
    expect(await verifyAction(t.db, action.id, ports)).toBe("effective");
  };
  return { incident, action, runId: result!.runId, ports, responder, resolve };
}

async function exported(): Promise<Map<string, TuningRecord>> {
  const lines = new Map<string, TuningRecord>();
  for await (const entry of tuningEntries(t.db, { pageSize: 2 })) {
    if (entry.kind === "line") lines.set(entry.incidentId, JSON.parse(entry.line) as TuningRecord);
  }
  return lines;
}

describe("tuning export", () => {
  it("exports a verified incident as one chat line: redacted evidence in, the verified RCA and action out", async () => {
    const { incident, action, runId, resolve } = await executedRollback();
    expect((await exported()).has(incident.id)).toBe(false); // executed, not yet verified
    await resolve();
    // Defence in depth: a secret that reached a stored row unredacted is masked on the way out.
    const alertRow = await t.db.evidence.findFirstOrThrow({ where: { agentRunId: runId, source: "alert" } });
    await t.db.evidence.update({
      where: { id: alertRow.id },
      data: { content: `${alertRow.content}\nAuthorization: Bearer abcdefghijklmnopqrstuvwxyz0123` },
    });

    const record = (await exported()).get(incident.id)!;
    expect(record).toBeDefined();
    expect(record.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(record.messages[0]!.content).toBe(SYSTEM_PROMPT);
    const userText = record.messages[1]!.content;
    expect(userText).toContain('Incident workload: {"kind":"Deployment","namespace":"shop","name":"checkout-api"}');
    expect(userText).toContain("<evidence>");
    for (const secret of ["hunter2", "AKIAIOSFODNN7EXAMPLE", "abcdefghijklmnopqrstuvwxyz0123"])
      expect(JSON.stringify(record)).not.toContain(secret);
    expect(userText).toContain("password=[REDACTED]");
    expect(userText).toContain("Bearer [REDACTED]");

    const answer = rcaSchema.parse(JSON.parse(record.messages[2]!.content));
    expect(answer.actions).toEqual([
      expect.objectContaining({ action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "checkout-api" } }),
    ]);
    const inContext = await t.db.evidence.findMany({ where: { agentRunId: runId, inContext: true }, select: { ref: true } });
    for (const id of answer.citations) {
      expect(inContext.map((e) => e.ref)).toContain(id);
      expect(userText).toContain(`[${id}] (`);
    }
    const verified = await t.db.proposedAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(record.metadata).toEqual({
      incidentId: incident.id,
      number: incident.number,
      traceId: incident.traceId,
      rootCause: answer.rootCause,
      actionKind: "rollback",
      verifiedAt: verified.verifiedAt!.toISOString(),
      engine: "rules",
      model: null,
    });
    expect(JSON.stringify(record.metadata)).not.toContain("@");
  });

  it("leaves out an incident whose verified action was undone", async () => {
    const { incident, action, ports, responder, resolve } = await executedRollback();
    await resolve();
    expect((await exported()).has(incident.id)).toBe(true);
    expect((await undoAction(t.db, action.id, responder, ports)).decision).toMatchObject({ ok: true });
    expect((await exported()).has(incident.id)).toBe(false);
  });
});

describe("GET /api/export/tuning.jsonl", () => {
  it("refuses anyone but an admin", async () => {
    session.userId = null;
    expect((await GET()).status).toBe(401);
    for (const role of ["viewer", "responder"] as const) {
      session.userId = (await user(role)).id;
      const response = await GET();
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: "forbidden" });
    }
  });

  it("streams NDJSON as an attachment to an admin and audits how many lines left", async () => {
    const { incident, resolve } = await executedRollback();
    await resolve();
    const admin = await user("admin");
    session.userId = admin.id;
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="vigil-tuning-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    const lines = (await response.text()).split("\n").filter(Boolean);
    const records = lines.map((l) => JSON.parse(l) as TuningRecord);
    expect(records.map((r) => r.metadata.incidentId)).toContain(incident.id);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "export.tuning", actorId: admin.id } });
    expect(audit.data).toMatchObject({ lines: lines.length, complete: true });
  });
});
