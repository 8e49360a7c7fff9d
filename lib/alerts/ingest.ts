// Ingests one Alertmanager notification: stores each alert once (fingerprint + startsAt),
// joins new alerts to the open incident of their group or opens one, marks resolved
// alerts, resolves incidents whose alerts have all resolved, and audits it all in the
// same transaction. Investigation is not started here: ingest must answer fast.
import "server-only";
import type { Db } from "@/lib/db/client";
import { sqlTransaction, type Sql } from "@/lib/db/sql";
import type { IncidentState } from "@/lib/generated/prisma/enums";
import type { WebhookPayload } from "@/lib/alerts/schema";
import { normalizeAlerts, alertKey, type NormalizedAlert } from "@/lib/alerts/normalize";
import { maxSeverity, severityRank } from "@/lib/alerts/severity";
import { groupWorkload } from "@/lib/alerts/workload";
import { appendAudit, type AuditInput } from "@/lib/audit/append";
import {
  findGroupState,
  incidentProgress,
  insertAlerts,
  insertIncident,
  lockGroup,
  touchAlerts,
  traceIds,
  updateIncidentSeverity,
  type ExistingAlert,
} from "@/lib/alerts/ingest-sql";
import { isRetryableRace } from "@/lib/db/errors";
import { newTraceId } from "@/lib/tracing/trace-context";
import { liveStates, terminalStates } from "@/lib/incidents/model";
import { redactAlert, redactPayload } from "@/lib/alerts/redact";
import { payloadScope } from "@/lib/alerts/scope";
import { moveIncident } from "@/lib/incidents/transitions";
import { log } from "@/lib/log";

export type IngestResult = {
  incident: { id: string; number: number; traceId: string; state: IncidentState } | null;
  openedIncident: boolean;
  received: number;
  stored: number;
  duplicates: number;
  resolved: number;
  resolvedIncidents: string[];
  truncatedAlerts: number;
  /** New firing alerts reached a live incident: its investigation is due (again). */
  investigate: boolean;
};

/** Runs inside the ingest transaction, after the writes and before their audit events. */
export type AfterIngest = (sql: Sql, result: IngestResult) => Promise<void>;

// Advisory-lock namespace for "one Alertmanager group": ingests of a group run one at a
// time, so "are all alerts resolved?" and "is there an open incident?" never race.
const GROUP_LOCK_CLASS = 71_616;
const MAX_ATTEMPTS = 3;

export async function ingestAlertmanagerPayload(
  db: Db,
  received: WebhookPayload,
  now = new Date(),
  afterIngest?: AfterIngest,
): Promise<IngestResult> {
  // Identity (fingerprints, keys, the group key) from the values as sent; then the secrets
  // go, before anything is stored (lib/alerts/redact.ts).
  const alerts = normalizeAlerts(received.alerts, now).map(redactAlert);
  const payload = redactPayload(received);
  for (let attempt = 1; ; attempt++) {
    try {
      // Durable before it resolves, and so before Alertmanager hears 200 (see flushAfterCommit).
      const result = await sqlTransaction(db, (sql) => ingestInTransaction(sql, payload, alerts, now, afterIngest), {
        flushAfterCommit: true,
      });
      log.info(
        {
          traceId: result.incident?.traceId,
          incidentId: result.incident?.id,
          groupKey: payload.groupKey,
          stored: result.stored,
          duplicates: result.duplicates,
          resolved: result.resolved,
        },
        "alertmanager notification ingested",
      );
      return result;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableRace(err)) throw err;
    }
  }
}

async function ingestInTransaction(
  tx: Sql,
  payload: WebhookPayload,
  alerts: NormalizedAlert[],
  now: Date,
  afterIngest?: AfterIngest,
): Promise<IngestResult> {
  await lockGroup(tx, GROUP_LOCK_CLASS, payload.groupKey);

  const scope = payloadScope(payload.receiver, payload.commonLabels, alerts);
  const group = await findGroupState(tx, payload.groupKey, scope, alerts);
  const existing = group.existing;
  const fresh = alerts.filter((a) => !existing.has(a.key));
  const audit: AuditInput[] = [];

  let incident = group.incident;
  let openedIncident = false;

  if (fresh.length > 0 && !incident) {
    incident = await openIncident(tx, payload, scope, fresh, now);
    openedIncident = true;
    audit.push({
      action: "incident.opened",
      actorType: "alertmanager",
      incidentId: incident.id,
      traceId: incident.traceId,
      targetType: "Incident",
      targetId: incident.id,
      data: { number: incident.number, groupKey: payload.groupKey, state: incident.state, severity: incident.severity },
    });
  } else if (fresh.length > 0 && incident) {
    const severity = maxSeverity([incident.severity, ...fresh.map((a) => a.severity)]);
    const truncatedAlerts = Math.max(incident.truncatedAlerts, payload.truncatedAlerts);
    if (severityRank[severity] > severityRank[incident.severity] || truncatedAlerts !== incident.truncatedAlerts) {
      await updateIncidentSeverity(tx, incident.id, severity, truncatedAlerts, now);
    }
    audit.push({
      action: "incident.alerts_joined",
      actorType: "alertmanager",
      incidentId: incident.id,
      traceId: incident.traceId,
      targetType: "Incident",
      targetId: incident.id,
      data: { alerts: fresh.length },
    });
  }

  const stored = fresh.length > 0 && incident ? await insertAlerts(tx, incident.id, fresh, now) : [];
  const storedIds = new Map(stored.map((s) => [alertKey(s.fingerprint, s.startsAt), s.id]));
  for (const a of fresh) {
    const id = storedIds.get(a.key);
    if (!id || !incident) continue;
    audit.push({
      action: "alert.received",
      actorType: "alertmanager",
      incidentId: incident.id,
      traceId: incident.traceId,
      targetType: "Alert",
      targetId: id,
      data: { fingerprint: a.fingerprint, alertname: a.alertname, status: a.status, startsAt: a.startsAt.toISOString() },
    });
  }

  const newlyResolved = await touchExisting(tx, alerts, existing, now);
  const traceOf = await traceIds(
    tx,
    newlyResolved.map((r) => r.incidentId),
  );
  for (const r of newlyResolved) {
    audit.push({
      action: "alert.resolved",
      actorType: "alertmanager",
      incidentId: r.incidentId,
      traceId: traceOf.get(r.incidentId) ?? null,
      targetType: "Alert",
      targetId: r.id,
      data: { fingerprint: r.fingerprint, endsAt: r.endsAt?.toISOString() ?? null },
    });
  }

  const candidates = new Set(newlyResolved.map((r) => r.incidentId));
  if (incident && !openedIncident) candidates.add(incident.id);
  const resolvedIncidents = await resolveFinishedIncidents(tx, [...candidates], now, audit);
  if (incident && resolvedIncidents.includes(incident.id)) incident = { ...incident, state: "resolved" };

  audit.unshift({
    action: "webhook.received",
    actorType: "alertmanager",
    actorId: payload.receiver || null,
    incidentId: incident?.id ?? null,
    traceId: incident?.traceId ?? null,
    data: {
      groupKey: payload.groupKey,
      status: payload.status,
      received: payload.alerts.length,
      stored: stored.length,
      duplicates: alerts.length - stored.length,
      truncatedAlerts: payload.truncatedAlerts,
    },
  });
  const storedFiring = fresh.some((a) => a.status === "firing" && storedIds.has(a.key));
  const result: IngestResult = {
    investigate: incident !== null && !terminalStates.includes(incident.state) && storedFiring,
    incident: incident ? { id: incident.id, number: incident.number, traceId: incident.traceId, state: incident.state } : null,
    openedIncident,
    received: payload.alerts.length,
    stored: stored.length,
    duplicates: alerts.length - stored.length,
    resolved: newlyResolved.length,
    resolvedIncidents,
    truncatedAlerts: payload.truncatedAlerts,
  };
  if (afterIngest) await afterIngest(tx, result);
  // Staged here, chained at the commit (lib/audit/append.ts).
  await appendAudit(tx, audit);
  return result;
}

async function openIncident(tx: Sql, payload: WebhookPayload, scope: string, fresh: NormalizedAlert[], now: Date) {
  const workload = groupWorkload(
    payload.commonLabels,
    fresh.map((a) => a.labels),
  );
  // A group first seen already resolved (Vigil was down while it fired) is still recorded.
  const allResolved = fresh.every((a) => a.status === "resolved");
  return insertIncident(
    tx,
    {
      title: incidentTitle(payload, fresh[0]!, workload.name),
      state: allResolved ? "resolved" : "open",
      severity: maxSeverity(fresh.map((a) => a.severity)),
      namespace: workload.namespace ?? null,
      workload: workload.name ?? null,
      workloadKind: workload.kind ?? null,
      groupKey: payload.groupKey,
      groupScope: scope,
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
}

export function incidentTitle(payload: WebhookPayload, first: NormalizedAlert, workload?: string): string {
  const summary = payload.commonAnnotations.summary || first.annotations.summary;
  const alertname = payload.commonLabels.alertname || first.alertname;
  const title = summary || (workload ? `${alertname} on ${workload}` : alertname);
  return title.length > 200 ? `${title.slice(0, 197)}...` : title;
}

type Resolved = { id: string; incidentId: string; fingerprint: string; endsAt: Date | null };

/** Counts the redelivery of known alerts and resolves the ones that now say resolved.
 * Resolved is final for an alert identity: a late "firing" copy does not reopen it. */
async function touchExisting(tx: Sql, alerts: NormalizedAlert[], existing: Map<string, ExistingAlert>, now: Date): Promise<Resolved[]> {
  const known = alerts.filter((a) => existing.has(a.key));
  if (known.length === 0) return [];
  const ids = known.map((a) => existing.get(a.key)!.id);
  const resolving = known.map((a) => a.status === "resolved" && existing.get(a.key)!.status === "firing");
  const endsAt = known.map((a) => (a.endsAt ?? now).toISOString());
  await touchAlerts(tx, ids, resolving, endsAt, now);
  return known
    .filter((_, i) => resolving[i])
    .map((a) => {
      const row = existing.get(a.key)!;
      return { id: row.id, incidentId: row.incidentId, fingerprint: a.fingerprint, endsAt: a.endsAt };
    });
}

/** Moves incidents with no firing alert left to resolved; one resolved or closed by someone
 * else is left as it is (the move is conditional on a live state). */
async function resolveFinishedIncidents(tx: Sql, incidentIds: string[], now: Date, audit: AuditInput[]): Promise<string[]> {
  const resolved: string[] = [];
  for (const id of incidentIds) {
    const before = await incidentProgress(tx, id);
    if (!before || before.firing) continue;
    const moved = await moveIncident(
      tx,
      id,
      liveStates,
      "resolved",
      { actorType: "alertmanager", traceId: before.traceId, reason: "all alerts resolved", into: audit },
      now,
    );
    if (moved) resolved.push(id);
  }
  return resolved;
}
