// Rows stored before redaction at the door: an alert and its incident as an older Vigil kept
// them (the secrets as sent), redacted once by `npm run db:redact-alerts`; a second pass
// changes nothing, and the same alert sent again still deduplicates against the row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { redactStoredAlerts } from "@/lib/alerts/redact-stored";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const secrets = ["hunter2", "abc.def.ghi", "tok-5d41402abc4b2a76", "promsecret"];

describe("redacting alerts stored before redaction at the door", () => {
  it("rewrites their secrets once, keeps their identity, and audits the pass", async () => {
    const namespace = unique("ns");
    const labels = { alertname: "LoginFailures", namespace, deployment: "auth", severity: "critical", api_token: "tok-5d41402abc4b2a76" };
    const annotations = { summary: "login failures: password=hunter2", description: "Authorization: Bearer abc.def.ghi" };
    const generatorURL = "http://admin:promsecret@prometheus.local/graph";
    const payload = webhookPayloadSchema.parse(
      alertmanagerPayload({
        groupLabels: { alertname: "LoginFailures", namespace },
        alerts: [{ labels, annotations, generatorURL, startsAt: new Date("2026-11-22T03:00:00Z") }],
      }),
    );
    const { incident } = await ingestAlertmanagerPayload(t.db, payload);
    // As an older Vigil stored it: the values as they arrived.
    const alert = await t.db.alert.findFirstOrThrow({ where: { incidentId: incident!.id } });
    await t.db.alert.update({
      where: { id: alert.id },
      data: { labels, annotations, generatorURL, raw: { ...(alert.raw as object), labels, annotations, generatorURL } },
    });
    await t.db.incident.update({
      where: { id: incident!.id },
      data: { title: "login failures: password=hunter2", commonLabels: labels, commonAnnotations: annotations },
    });

    const first = await redactStoredAlerts(t.db);
    expect(first.alerts).toBeGreaterThanOrEqual(1);
    expect(first.incidents).toBeGreaterThanOrEqual(1);
    const stored = JSON.stringify({
      alert: await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } }),
      incident: await t.db.incident.findUniqueOrThrow({ where: { id: incident!.id } }),
    });
    for (const secret of secrets) expect(stored).not.toContain(secret);
    expect(stored).toContain(`"deployment":"auth"`);

    expect(await redactStoredAlerts(t.db)).toEqual({ alerts: 0, incidents: 0 });
    // One audit event for the pass that changed rows, none for the one that did not; the chain intact.
    expect(await t.db.auditEvent.count({ where: { action: "alert.redacted_stored" } })).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // The fingerprint is untouched: the same alert sent again is a duplicate, not a new alert.
    const again = await ingestAlertmanagerPayload(t.db, payload);
    expect([again.stored, again.duplicates]).toEqual([0, 1]);
    expect((await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).receiveCount).toBe(2);
  });
});
