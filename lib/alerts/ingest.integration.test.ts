import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { createDb } from "@/lib/db/client";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import { alertmanagerPayload, type AlertSpec } from "@/lib/alerts/payload-builder";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const startsAt = new Date("2026-11-22T03:00:00Z");

function group(namespace: string) {
  const alertname = "HighErrorRate";
  const spec = (deployment: string, extra: Partial<AlertSpec> = {}): AlertSpec => ({
    labels: { alertname, namespace, deployment, severity: "critical" },
    annotations: { summary: `errors on ${deployment}` },
    startsAt,
    ...extra,
  });
  const payload = (alerts: AlertSpec[]) =>
    webhookPayloadSchema.parse(alertmanagerPayload({ groupLabels: { alertname, namespace }, alerts }));
  return { spec, payload };
}

describe(`ingest (${process.env.VIGIL_TEST_DB ?? "default"} database)`, () => {
  it("never lets an alert about another namespace join an incident by carrying its group key", async () => {
    const groupKey = `{}:{alertname="HighErrorRate", id="${unique("g")}"}`;
    const about = (namespace: string, deployment: string) =>
      webhookPayloadSchema.parse({
        ...alertmanagerPayload({
          groupLabels: { alertname: "HighErrorRate" },
          alerts: [{ labels: { alertname: "HighErrorRate", namespace, deployment }, startsAt }],
        }),
        groupKey,
      });
    const shop = await ingestAlertmanagerPayload(t.db, about("shop", "checkout"));
    const media = await ingestAlertmanagerPayload(t.db, about("media", "thumbnailer"));
    expect(shop.openedIncident && media.openedIncident).toBe(true);
    expect(media.incident!.id).not.toBe(shop.incident!.id);
    // The same namespace's next alert of the group still joins its incident.
    const again = await ingestAlertmanagerPayload(t.db, about("shop", "cart"));
    expect(again).toMatchObject({ openedIncident: false, incident: { id: shop.incident!.id } });
    const incidents = await t.db.incident.findMany({ where: { groupKey }, orderBy: { number: "asc" } });
    expect(incidents.map((i) => [i.namespace, i.groupScope])).toEqual([
      ["shop", "vigil|shop"],
      ["media", "vigil|media"],
    ]);
  });

  it("stores no secret an alert carries, and still deduplicates by the values as sent", async () => {
    const g = group(unique("ns"));
    const secretive = g.spec("api", {
      labels: { alertname: "HighErrorRate", namespace: "shop", deployment: "api", severity: "critical", api_token: "tok-5d41402abc4b2a76" },
      annotations: { summary: "errors on api", description: "login failed: password=hunter2 Authorization: Bearer abc.def.ghi" },
      generatorURL: "http://admin:promsecret@prometheus.local/graph",
    });
    const first = await ingestAlertmanagerPayload(t.db, g.payload([secretive]));
    const again = await ingestAlertmanagerPayload(t.db, g.payload([secretive]));
    expect([first.stored, again.stored, again.duplicates]).toEqual([1, 0, 1]);
    const alert = await t.db.alert.findFirstOrThrow({ where: { incidentId: first.incident!.id } });
    const incident = await t.db.incident.findUniqueOrThrow({ where: { id: first.incident!.id } });
    const stored = JSON.stringify({ alert, incident });
    for (const secret of ["hunter2", "abc.def.ghi", "tok-5d41402abc4b2a76", "promsecret"]) expect(stored).not.toContain(secret);
    expect(alert.labels).toMatchObject({ api_token: "[REDACTED]", deployment: "api" });
    expect(alert.annotations).toMatchObject({ description: "login failed: password=[REDACTED] Authorization: Bearer [REDACTED]" });
    // The identity is the one Alertmanager computed from the original labels.
    expect(alert.fingerprint).toBe(alertmanagerPayload({ groupLabels: {}, alerts: [secretive] }).alerts[0]!.fingerprint);
    expect(incident.groupKey).toBe(g.payload([secretive]).groupKey);
  });

  it("opens one incident per group and stores each alert once however often it is resent", async () => {
    const g = group(unique("ns"));
    const first = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("api")]));
    expect(first.openedIncident).toBe(true);
    expect(first.stored).toBe(1);
    const again = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("api")]));
    expect(again.openedIncident).toBe(false);
    expect(again.stored).toBe(0);
    expect(again.duplicates).toBe(1);
    expect(again.incident?.id).toBe(first.incident?.id);

    const joined = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("api"), g.spec("worker")]));
    expect(joined.stored).toBe(1);
    expect(joined.incident?.id).toBe(first.incident?.id);

    const alerts = await t.db.alert.findMany({ where: { incidentId: first.incident!.id }, orderBy: { alertname: "asc" } });
    expect(alerts).toHaveLength(2);
    expect(alerts.find((a) => (a.labels as Record<string, string>).deployment === "api")?.receiveCount).toBe(3);
    const incident = await t.db.incident.findUniqueOrThrow({ where: { id: first.incident!.id } });
    expect(incident.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(incident.severity).toBe("critical");
    expect(incident.workload).toBe("api");
  });

  it("stores concurrent duplicate deliveries (an HA pair) exactly once", async () => {
    const g = group(unique("ns"));
    const payload = g.payload([g.spec("a"), g.spec("b"), g.spec("c")]);
    const results = await Promise.all(Array.from({ length: 6 }, () => ingestAlertmanagerPayload(t.db, payload)));
    const incidentIds = new Set(results.map((r) => r.incident?.id));
    expect(incidentIds.size).toBe(1);
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(3);
    expect(await t.db.alert.count({ where: { incidentId: [...incidentIds][0]! } })).toBe(3);
  });

  it("resolves alerts, and the incident once every alert of it has resolved", async () => {
    const g = group(unique("ns"));
    const opened = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("a"), g.spec("b")]));
    const endsAt = new Date("2026-11-22T03:10:00Z");
    const partly = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("a", { status: "resolved", endsAt }), g.spec("b")]));
    expect(partly.resolved).toBe(1);
    expect(partly.resolvedIncidents).toEqual([]);
    const all = await ingestAlertmanagerPayload(
      t.db,
      g.payload([g.spec("a", { status: "resolved", endsAt }), g.spec("b", { status: "resolved", endsAt })]),
    );
    expect(all.resolved).toBe(1);
    expect(all.resolvedIncidents).toEqual([opened.incident!.id]);
    const incident = await t.db.incident.findUniqueOrThrow({ where: { id: opened.incident!.id }, include: { alerts: true } });
    expect(incident.state).toBe("resolved");
    expect(incident.resolvedAt).not.toBeNull();
    expect(incident.alerts.every((a) => a.status === "resolved" && a.endsAt?.getTime() === endsAt.getTime())).toBe(true);

    // A late "firing" copy of a resolved alert does not reopen anything.
    const late = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("a")]));
    expect(late.stored).toBe(0);
    expect(late.incident).toBeNull();

    // A new firing alert of the same group opens a new incident.
    const refire = await ingestAlertmanagerPayload(t.db, g.payload([g.spec("a", { startsAt: new Date("2026-11-22T04:00:00Z") })]));
    expect(refire.openedIncident).toBe(true);
    expect(refire.incident?.id).not.toBe(opened.incident!.id);
  });

  it("recognises resent alerts when the database session's TimeZone is not UTC", async () => {
    // Timestamps are stored as UTC wall time; a session in another zone must match them too.
    const url = new URL(t.url);
    url.searchParams.set("options", "-c TimeZone=America/New_York");
    const { db, pool } = createDb(url.toString(), 1);
    try {
      const g = group(unique("ns"));
      const first = await ingestAlertmanagerPayload(db, g.payload([g.spec("a")]));
      const endsAt = new Date("2026-11-22T03:10:00Z");
      const resolved = await ingestAlertmanagerPayload(db, g.payload([g.spec("a", { status: "resolved", endsAt })]));
      expect(resolved).toMatchObject({ stored: 0, duplicates: 1, resolved: 1, resolvedIncidents: [first.incident!.id] });
      const alert = await db.alert.findFirstOrThrow({ where: { incidentId: first.incident!.id } });
      expect(alert).toMatchObject({ status: "resolved", receiveCount: 2, startsAt, endsAt });
    } finally {
      await db.$disconnect();
      await pool.end();
    }
  });

  it("records truncatedAlerts and audits every ingest in an intact hash chain", async () => {
    const namespace = unique("ns");
    const g = group(namespace);
    const raw = alertmanagerPayload({ groupLabels: { alertname: "HighErrorRate", namespace }, alerts: [g.spec("x")], truncatedAlerts: 7 });
    const result = await ingestAlertmanagerPayload(t.db, webhookPayloadSchema.parse(raw));
    const incident = await t.db.incident.findUniqueOrThrow({ where: { id: result.incident!.id } });
    expect(incident.truncatedAlerts).toBe(7);
    const events = await t.db.auditEvent.findMany({ where: { incidentId: incident.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["webhook.received", "incident.opened", "alert.received"]);
    expect(events.every((e) => e.traceId === incident.traceId)).toBe(true);
    const verdict = await verifyAuditChain(t.db);
    expect(verdict.ok).toBe(true);
  });

  it("keeps one unbroken audit chain while many groups ingest at once", async () => {
    // Appenders serialise on the chain's lock as they commit: each must read the head its
    // predecessor committed, or two events would share a previous hash.
    const groups = Array.from({ length: 12 }, () => group(unique("ns")));
    const results = await Promise.all(groups.map((g) => ingestAlertmanagerPayload(t.db, g.payload([g.spec("a"), g.spec("b")]))));
    expect(results.every((r) => r.stored === 2)).toBe(true);
    const verdict = await verifyAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true });
  });

  it("refuses to update or delete audit events", async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
  });
});
