// The baseline's ingest: lib/alerts/ingest.ts statement for statement (same locks, dedupe, grouping, resolution and audit rows) over plain pg.
import type pg from "pg";
import type { WebhookPayload } from "@/lib/alerts/schema";
import type { AuditInput } from "@/lib/audit/append";
import { normalizeAlerts, alertKey, type NormalizedAlert } from "@/lib/alerts/normalize";
import { maxSeverity, severityRank } from "@/lib/alerts/severity";
import { groupWorkload } from "@/lib/alerts/workload";
import { incidentTitle } from "@/lib/alerts/ingest";
import { isRetryableRace } from "@/lib/db/errors";
import { newTraceId } from "@/lib/trace";
import type { OpenIncident } from "@/lib/alerts/ingest-sql";
import * as sql from "./baseline-sql";

const GROUP_LOCK_CLASS = 71_616;
const MAX_ATTEMPTS = 3;
type Existing = { id: string; incidentId: string; status: string; fingerprint: string; startsAt: Date };
/** An audit event by Alertmanager about an incident or alert, as ingest.ts writes them. */
const event = (
  action: AuditInput["action"],
  incidentId: string,
  traceId: string | null,
  targetType: string,
  targetId: string,
  data: Record<string, unknown>,
): AuditInput => ({
  action,
  actorType: "alertmanager",
  incidentId,
  traceId,
  targetType,
  targetId,
  data,
});

type Resolved = { id: string; incidentId: string; fingerprint: string; endsAt: Date | null };

export type BaselineResult = {
  incident: OpenIncident | null;
  openedIncident: boolean;
  stored: number;
  duplicates: number;
  resolved: number;
  truncatedAlerts: number;
};

export async function baselineIngest(pool: pg.Pool, payload: WebhookPayload, now = new Date()): Promise<BaselineResult> {
  const alerts = normalizeAlerts(payload.alerts, now);
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await inTransaction(client, payload, alerts, now);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (attempt >= MAX_ATTEMPTS || !isRetryableRace(err)) throw err;
    } finally {
      client.release();
    }
  }
}

async function inTransaction(c: pg.PoolClient, payload: WebhookPayload, alerts: NormalizedAlert[], now: Date): Promise<BaselineResult> {
  await c.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [GROUP_LOCK_CLASS, payload.groupKey]);
  const { rows: found } = await c.query<Existing>(
    `SELECT a.id, a."incidentId", a.status::text AS status, a.fingerprint, a."startsAt" FROM "Alert" a
     JOIN unnest($1::text[], $2::timestamp[]) AS k(fingerprint, "startsAt") ON a.fingerprint = k.fingerprint AND a."startsAt" = k."startsAt"`,
    [alerts.map((a) => a.fingerprint), alerts.map((a) => a.startsAt.toISOString())],
  );
  const existing = new Map(found.map((r) => [alertKey(r.fingerprint, r.startsAt), r]));
  const fresh = alerts.filter((a) => !existing.has(a.key));
  const audit: AuditInput[] = [];
  let incident = await sql.findOpenIncident(c, payload.groupKey);
  let openedIncident = false;

  if (fresh.length > 0 && !incident) {
    const workload = groupWorkload(
      payload.commonLabels,
      fresh.map((a) => a.labels),
    );
    const allResolved = fresh.every((a) => a.status === "resolved");
    incident = await sql.insertIncident(
      c,
      {
        title: incidentTitle(payload, fresh[0]!, workload.name),
        state: allResolved ? "resolved" : "open",
        severity: maxSeverity(fresh.map((a) => a.severity)),
        namespace: workload.namespace ?? null,
        workload: workload.name ?? null,
        workloadKind: workload.kind ?? null,
        groupKey: payload.groupKey,
        receiver: payload.receiver || null,
        traceId: newTraceId(),
        commonLabels: payload.commonLabels,
        commonAnnotations: payload.commonAnnotations,
        externalUrl: payload.externalURL || null,
        truncatedAlerts: payload.truncatedAlerts,
        openedAt: new Date(Math.min(now.getTime(), ...fresh.map((a) => a.startsAt.getTime()))),
        resolvedAt: allResolved ? now : null,
      },
      now,
    );
    openedIncident = true;
    const data = { number: incident.number, groupKey: payload.groupKey, state: incident.state, severity: incident.severity };
    audit.push(event("incident.opened", incident.id, incident.traceId, "Incident", incident.id, data));
  } else if (fresh.length > 0 && incident) {
    const current = incident.severity;
    const severity = maxSeverity([current, ...fresh.map((a) => a.severity)]);
    const truncatedAlerts = Math.max(incident.truncatedAlerts, payload.truncatedAlerts);
    if (severityRank[severity] > severityRank[current] || truncatedAlerts !== incident.truncatedAlerts) {
      await sql.updateIncidentSeverity(c, incident.id, severity, truncatedAlerts, now);
    }
    audit.push(event("incident.alerts_joined", incident.id, incident.traceId, "Incident", incident.id, { alerts: fresh.length }));
  }

  const stored = fresh.length > 0 && incident ? await sql.insertAlerts(c, incident.id, fresh, now) : [];
  const storedIds = new Map(stored.map((s) => [alertKey(s.fingerprint, s.startsAt), s.id]));
  for (const a of fresh) {
    const id = storedIds.get(a.key);
    if (!id || !incident) continue;
    const data = { fingerprint: a.fingerprint, alertname: a.alertname, status: a.status, startsAt: a.startsAt.toISOString() };
    audit.push(event("alert.received", incident.id, incident.traceId, "Alert", id, data));
  }

  const newlyResolved = await touchExisting(c, alerts, existing, now);
  const traceOf = await sql.traceIds(
    c,
    newlyResolved.map((r) => r.incidentId),
  );
  for (const r of newlyResolved) {
    const data = { fingerprint: r.fingerprint, endsAt: r.endsAt?.toISOString() ?? null };
    audit.push(event("alert.resolved", r.incidentId, traceOf.get(r.incidentId) ?? null, "Alert", r.id, data));
  }

  const candidates = new Set(newlyResolved.map((r) => r.incidentId));
  if (incident && !openedIncident) candidates.add(incident.id);
  const resolvedIncidents = await resolveFinished(c, [...candidates], now, audit);
  if (incident && resolvedIncidents.includes(incident.id)) incident = { ...incident, state: "resolved" };

  const data = {
    groupKey: payload.groupKey,
    status: payload.status,
    received: payload.alerts.length,
    stored: stored.length,
    duplicates: alerts.length - stored.length,
    truncatedAlerts: payload.truncatedAlerts,
  };
  audit.unshift({
    action: "webhook.received",
    actorType: "alertmanager",
    actorId: payload.receiver || null,
    incidentId: incident?.id ?? null,
    traceId: incident?.traceId ?? null,
    data,
  });
  await sql.appendAudit(c, audit);
  return {
    incident,
    openedIncident,
    stored: stored.length,
    duplicates: alerts.length - stored.length,
    resolved: newlyResolved.length,
    truncatedAlerts: payload.truncatedAlerts,
  };
}

async function touchExisting(c: pg.PoolClient, alerts: NormalizedAlert[], existing: Map<string, Existing>, now: Date): Promise<Resolved[]> {
  const known = alerts.filter((a) => existing.has(a.key));
  if (known.length === 0) return [];
  const resolving = known.map((a) => a.status === "resolved" && existing.get(a.key)!.status === "firing");
  await c.query(
    `UPDATE "Alert" a SET "lastReceivedAt" = $1, "receiveCount" = a."receiveCount" + 1,
       status = CASE WHEN u.resolve THEN 'resolved'::"AlertStatus" ELSE a.status END,
       "endsAt" = CASE WHEN u.resolve THEN u."endsAt" ELSE a."endsAt" END,
       "resolvedAt" = CASE WHEN u.resolve THEN $1 ELSE a."resolvedAt" END
     FROM unnest($2::text[], $3::boolean[], $4::timestamp[]) AS u(id, resolve, "endsAt") WHERE a.id = u.id`,
    [now.toISOString(), known.map((a) => existing.get(a.key)!.id), resolving, known.map((a) => (a.endsAt ?? now).toISOString())],
  );
  return known.filter((_, i) => resolving[i]).map((a) => ({ ...existing.get(a.key)!, fingerprint: a.fingerprint, endsAt: a.endsAt }));
}

async function resolveFinished(c: pg.PoolClient, ids: string[], now: Date, audit: AuditInput[]): Promise<string[]> {
  const resolved: string[] = [];
  for (const id of ids) {
    const before = await sql.incidentProgress(c, id);
    if (!before || before.firing) continue;
    if (!(await sql.markIncidentResolved(c, id, now))) continue;
    resolved.push(id);
    audit.push(event("incident.resolved", id, before.traceId, "Incident", id, { from: before.state, reason: "all alerts resolved" }));
  }
  return resolved;
}
