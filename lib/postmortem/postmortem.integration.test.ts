// The post-mortem of a real pipeline incident, on a real database and the sandbox cluster:
// the public bad-deploy scenario ingested, investigated by the rules, its rollback approved,
// applied and verified — then drafted (template, model, model failing), saved, and refused
// where it must be, every write audited in the hash chain.
import path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { investigateIncident } from "@/lib/investigation/investigate";
import { createClusterWriter, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { policyConfig } from "@/lib/remediation/policy-config";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { afterRca } from "@/lib/remediation/after-rca";
import { approveAction } from "@/lib/remediation/decide";
import { verifyAction } from "@/lib/remediation/verify";
import { verifyAuditChain } from "@/lib/audit/verify";
import { answerPieces, startFakeOllama, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";
import type { ModelPort } from "@/lib/investigation/ports";
import type { Role } from "@/lib/generated/prisma/enums";
import { draftPostmortem, savePostmortem, type Editor } from "@/lib/postmortem/store";
import { exportPostmortem } from "@/lib/postmortem/export";
import { MAX_POSTMORTEM_BYTES } from "@/lib/postmortem/limits";

const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));

let t: TestDb;
let world: ScenarioWorld;
let incidentId: string;
let approver: Editor;
let actionId: string;
const fakes: FakeOllama[] = [];

async function user(role: Role): Promise<Editor> {
  const u = await t.db.user.create({ data: { email: `${unique(role)}@vigil.test`, passwordHash: "unused", role } });
  return { id: u.id, email: u.email, role: u.role };
}

beforeAll(async () => {
  t = await openTestDb();
  world = await startScenarioWorld(scenario);
  const ports: RemediationPorts = {
    cluster: world.ports.cluster,
    writer: createClusterWriter(kubeConfigFrom({ server: world.cluster.url, token: world.cluster.token }), { timeoutMs: 2_000 }),
    metrics: world.ports.metrics,
    policy: policyConfig({ maxExecutionsPerWorkload: 1000 }, { approvalTtlMinutes: 15, verifyTimeoutS: 300 }),
    notifier: { notify: async () => undefined },
    watchtower: () => ({ active: false, reason: null }),
    now: () => new Date(),
  };
  // The scenario's alert, unique to this file: the embedded database is shared.
  const run = unique("pm");
  const alerts = scenario.alertmanager.alerts.map((a) => ({ ...a, labels: { ...a.labels, run }, fingerprint: undefined }));
  const payload = { ...scenario.alertmanager, alerts, groupKey: unique(scenario.alertmanager.groupKey) };
  const incident = (await ingestAlertmanagerPayload(t.db, payload, new Date(scenario.now))).incident!;
  incidentId = incident.id;
  const result = await investigateIncident(t.db, incident.id, world.ports);
  await afterRca(t.db, incident.id, result!.runId, ports);
  const action = await t.db.proposedAction.findFirstOrThrow({ where: { incidentId, rank: 1 } });
  actionId = action.id;
  approver = await user("responder");
  expect(
    await approveAction(t.db, { actionId, previewHash: action.previewHash!, comment: "matches the 2.14.0 rollout" }, approver, ports),
  ).toMatchObject({ ok: true, state: "approved", execution: { ok: true } });
  const resolvedAt = new Date();
  await ingestAlertmanagerPayload(
    t.db,
    { ...payload, status: "resolved", alerts: payload.alerts.map((a) => ({ ...a, status: "resolved", endsAt: resolvedAt.toISOString() })) },
    resolvedAt,
  );
  expect(await verifyAction(t.db, actionId, ports)).toBe("effective");
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  await world?.stop();
  await t?.close();
});

async function modelPort(script: () => ScriptStep | Promise<ScriptStep>): Promise<ModelPort> {
  const fake = await startFakeOllama({ script });
  fakes.push(fake);
  return {
    client: createOllamaClient({ host: fake.url }),
    name: "llama3.1",
    guard: createModelGuard({ random: () => 0.5, backoff: { baseMs: 5 } }),
    timeoutMs: 2_000,
  };
}

const now = () => new Date();
const stored = () => t.db.incident.findUniqueOrThrow({ where: { id: incidentId } });
const audits = (action: string) => t.db.auditEvent.findMany({ where: { incidentId, action }, orderBy: { seq: "asc" } });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("drafting the post-mortem of a remediated incident", () => {
  it("writes every section from the records with the template, stores it, and audits it", async () => {
    const result = await draftPostmortem(t.db, { incidentId, replace: false }, approver, { model: null, now });
    expect(result).toMatchObject({
      ok: true,
      postmortem: { engine: "template", model: null, fallbackReason: null, updatedBy: approver.email },
    });
    const md = result.ok ? result.postmortem.markdown : "";
    const incident = await stored();
    const run = await t.db.agentRun.findFirstOrThrow({ where: { incidentId, status: "succeeded" } });
    const citations = (run.result as { citations: string[] }).citations;

    expect(md).toMatch(new RegExp(`^# INC-${incident.number} post-mortem: `));
    for (const heading of [
      "## Summary",
      "## Impact",
      "## Timeline (UTC)",
      "## Root cause",
      "## Decisions",
      "## What was done",
      "## What verified it",
      "## Follow-ups",
    ])
      expect(md).toContain(`\n${heading}\n`);
    expect(md).toContain("**Bad deploy** (`bad_deploy`)");
    for (const ref of citations) expect(md).toContain(`- **${ref}** · `);
    expect(md).toContain(`Approved by ${approver.email} at `);
    expect(md).toContain("“matches the 2.14.0 rollout”");
    expect(md).toContain("Request: `PATCH /apis/apps/v1/namespaces/shop/deployments/checkout-api` (json patch)");
    expect(md).toContain(`Trace annotation: \`vigil.dev/trace-id=${incident.traceId}\``);
    expect(md).toContain("- **Roll back shop/checkout-api**: executed ");
    expect(md).toMatch(/verified effective at .*\n {2}- ✓ Rollout: .*\n {2}- ✓ Alerts: all 1 alerts resolved/);
    expect(md).toMatch(/Executed: Roll back shop\/checkout-api — _system_/);
    expect(md).toMatch(/Approved: Roll back shop\/checkout-api — _.*@vigil\.test_/);
    expect(md).toContain("canary");
    expect(md).toContain("- **Time to resolve (MTTR):** ");

    expect(incident).toMatchObject({
      postmortem: md,
      postmortemEngine: "template",
      postmortemModel: null,
      postmortemFallback: null,
      postmortemUpdatedBy: approver.email,
    });
    const [audit] = await audits("postmortem.drafted");
    expect(audit).toMatchObject({
      actorType: "user",
      actorId: approver.id,
      traceId: incident.traceId,
      data: { engine: "template", replaced: false, sha256: sha256(md) },
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("asks before replacing a post-mortem, and replaces it when confirmed", async () => {
    const before = await stored();
    expect(await draftPostmortem(t.db, { incidentId, replace: false }, approver, { model: null, now })).toMatchObject({
      ok: false,
      code: "exists",
    });
    expect((await stored()).postmortemUpdatedAt).toEqual(before.postmortemUpdatedAt);
    expect(await draftPostmortem(t.db, { incidentId, replace: true }, approver, { model: null, now })).toMatchObject({ ok: true });
    expect((await audits("postmortem.drafted")).at(-1)!.data).toMatchObject({ replaced: true });
  });

  it("splices the model's narrative in when a model is configured, and says so", async () => {
    const narrative = {
      summary: "Version 2.14.0 of checkout-api broke checkout; Vigil rolled it back after one approval.",
      impact: "Checkout failed until the rollback.",
      followUps: ["Add a smoke test of checkout to the deploy pipeline."],
    };
    const model = await modelPort(() => ({ kind: "answer", pieces: answerPieces(JSON.stringify(narrative), 6) }));
    const result = await draftPostmortem(t.db, { incidentId, replace: true }, approver, { model, now });
    expect(result).toMatchObject({ ok: true, postmortem: { engine: "model", model: "llama3.1", fallbackReason: null } });
    const incident = await stored();
    expect(incident).toMatchObject({ postmortemEngine: "model", postmortemModel: "llama3.1", postmortemFallback: null });
    expect(incident.postmortem).toContain(`## Summary\n\n${narrative.summary}\n`);
    expect(incident.postmortem).toContain("_(suggested by the model)_");
    expect(incident.postmortem).toContain("**Bad deploy** (`bad_deploy`)");
  });

  it("falls back to the template, and stores why, when the model fails", async () => {
    const model = await modelPort(() => ({ kind: "status", status: 500, error: "llama runner process has terminated" }));
    const result = await draftPostmortem(t.db, { incidentId, replace: true }, approver, { model, now });
    expect(result).toMatchObject({
      ok: true,
      postmortem: { engine: "template", fallbackReason: expect.stringMatching(/^model unavailable: Ollama answered HTTP 500/) },
    });
    expect(await stored()).toMatchObject({
      postmortemEngine: "template",
      postmortemModel: null,
      postmortemFallback: expect.stringMatching(/HTTP 500/),
    });
    expect((await audits("postmortem.drafted")).at(-1)!.data).toMatchObject({
      engine: "template",
      fallbackReason: expect.stringMatching(/HTTP 500/),
    });
  });

  it("does not overwrite a save made while the model was drafting", async () => {
    const editor = await user("admin");
    const base = (await stored()).postmortemUpdatedAt!.toISOString();
    const model = await modelPort(async () => {
      expect(await savePostmortem(t.db, { incidentId, markdown: "# Saved meanwhile", baseUpdatedAt: base }, editor, now)).toMatchObject({
        ok: true,
      });
      return { kind: "answer", pieces: [JSON.stringify({ summary: "s", impact: "i", followUps: [] })] };
    });
    expect(await draftPostmortem(t.db, { incidentId, replace: true }, approver, { model, now })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect((await stored()).postmortem).toBe("# Saved meanwhile");
  });

  it("refuses viewers, and changes nothing", async () => {
    const viewer = await user("viewer");
    const before = await stored();
    expect(await draftPostmortem(t.db, { incidentId, replace: true }, viewer, { model: null, now })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(
      await savePostmortem(t.db, { incidentId, markdown: "# mine", baseUpdatedAt: before.postmortemUpdatedAt!.toISOString() }, viewer, now),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect((await stored()).postmortemUpdatedAt).toEqual(before.postmortemUpdatedAt);
  });
});

describe("saving an edited post-mortem", () => {
  it("stores the edit from the current version, audited with its hash; refuses a stale one", async () => {
    const before = await stored();
    const base = before.postmortemUpdatedAt!.toISOString();
    const markdown = `${before.postmortem}\n\n## Notes\n\nEdited by a human.\r\n`;
    const saved = await savePostmortem(t.db, { incidentId, markdown, baseUpdatedAt: base }, approver, now);
    expect(saved).toMatchObject({ ok: true, postmortem: { updatedBy: approver.email } });
    const after = await stored();
    expect(after.postmortem).toBe(markdown.replace("\r\n", "\n"));
    expect(after.postmortemEngine).toBe(before.postmortemEngine);
    const audit = (await audits("postmortem.saved")).at(-1)!;
    expect(audit).toMatchObject({
      actorId: approver.id,
      data: { sha256: sha256(after.postmortem!), bytes: Buffer.byteLength(after.postmortem!) },
    });

    // Someone still editing the version before: refused, nothing lost.
    expect(await savePostmortem(t.db, { incidentId, markdown: "# older edit", baseUpdatedAt: base }, approver, now)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect((await stored()).postmortem).toBe(after.postmortem);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses more than 100 KB, an empty text and an unknown incident", async () => {
    const base = (await stored()).postmortemUpdatedAt!.toISOString();
    expect(
      await savePostmortem(t.db, { incidentId, markdown: "é".repeat(MAX_POSTMORTEM_BYTES / 2 + 1), baseUpdatedAt: base }, approver, now),
    ).toMatchObject({ ok: false, code: "too_large" });
    expect(await savePostmortem(t.db, { incidentId, markdown: " \n ", baseUpdatedAt: base }, approver, now)).toMatchObject({
      ok: false,
      code: "empty",
    });
    expect(
      await savePostmortem(t.db, { incidentId: "no-such-incident", markdown: "# x", baseUpdatedAt: null }, approver, now),
    ).toMatchObject({ ok: false, code: "not_found" });
  });

  it("exports what is stored, named after the incident", async () => {
    const incident = await stored();
    expect(await exportPostmortem(t.db, incidentId, new Date())).toEqual({
      filename: `INC-${incident.number}-postmortem.md`,
      markdown: incident.postmortem,
      stored: true,
    });
    expect(await exportPostmortem(t.db, "no-such-incident", new Date())).toBeNull();
  });
});
