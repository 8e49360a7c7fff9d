// The owed anomaly alerts of a batch's services (read in the ingest transaction) and their
// delivery through the alert path once it has committed (lib/anomaly/alerts.ts says why).
import "server-only";
import type { Db } from "@/lib/db/client";
import { sqlTransaction, type Sql } from "@/lib/db/sql";
import type { AfterIngest } from "@/lib/alerts/ingest";
import { receiveAlerts } from "@/lib/alerts/receive";
import { anomalyPayload, type OwedAlert } from "@/lib/anomaly/alerts";
import { log } from "@/lib/log";

// One batch's services owe a handful at most; a backlog is worked off batch by batch.
const MAX_OWED = 200;

type Row = Omit<OwedAlert, "change"> & {
  changeService: string | null;
  version: string | null;
  actor: string | null;
  changeSummary: string | null;
  changeAt: Date | null;
};

/** The alerts owed for these services (null: any service, for the sweep): alerting episodes
 * whose firing, or whose end, was not delivered. */
export async function owedAlerts(sql: Sql, services: string[] | null): Promise<OwedAlert[]> {
  if (services?.length === 0) return [];
  // The WHERE clause repeats the partial index's predicate, so this reads that (nearly empty) index.
  const rows = await sql.rows<Row>(
    `SELECT a.id, a.service, a.metric, a.value, a.mean, a.stddev, a.z, a.severity::text AS severity, a.at, a."endedAt", a.labels,
            c.service AS "changeService", c.version, c.actor, c.summary AS "changeSummary", c.at AS "changeAt"
     FROM "Anomaly" a LEFT JOIN "ChangeEvent" c ON c.id = a."changeId"
     WHERE ($1::text[] IS NULL OR a.service = ANY($1::text[]))
       AND a.alerting AND (a."alertedAt" IS NULL OR (a."endedAt" IS NOT NULL AND a."resolvedAlertAt" IS NULL))
     ORDER BY a.service, a.at LIMIT ${MAX_OWED}`,
    [services],
  );
  return rows.map(({ changeService, version, actor, changeSummary, changeAt, ...a }) => ({
    ...a,
    change: changeService && changeAt ? { service: changeService, version, actor, summary: changeSummary ?? "", at: changeAt } : null,
  }));
}

/** Marks what this notification delivered, in the alert ingest's transaction, and links the incident. */
function markDelivered(owed: OwedAlert[], now: Date): AfterIngest {
  return async (sql, result) => {
    await sql.run(
      `UPDATE "Anomaly" SET "incidentId" = COALESCE("incidentId", $3), "alertedAt" = COALESCE("alertedAt", $4::timestamptz),
         "resolvedAlertAt" = CASE WHEN id = ANY($2::text[]) THEN COALESCE("resolvedAlertAt", $4::timestamptz) ELSE "resolvedAlertAt" END
       WHERE id = ANY($1::text[])`,
      [owed.map((a) => a.id), owed.filter((a) => a.endedAt).map((a) => a.id), result.incident?.id ?? null, now.toISOString()],
    );
  };
}

/** Delivers owed alerts, one notification per service. A failure is logged and the alerts stay
 * owed: the service's next batch, or the worker's sweep, delivers them. Resolves to the
 * incidents they reached. */
export async function deliverOwedAlerts(db: Db, owed: OwedAlert[], now = new Date()): Promise<string[]> {
  const byService = new Map<string, OwedAlert[]>();
  for (const a of owed) byService.set(a.service, [...(byService.get(a.service) ?? []), a]);
  const incidents: string[] = [];
  for (const [service, alerts] of byService) {
    try {
      const result = await receiveAlerts(db, anomalyPayload(service, alerts), now, markDelivered(alerts, now));
      if (result.incident) incidents.push(result.incident.id);
    } catch (err) {
      log.warn(
        { service, alerts: alerts.length, err: (err as Error).message },
        "anomaly alerts not delivered yet; retried with the service's next batch or the next sweep",
      );
    }
  }
  return incidents;
}

/** Delivers whatever is still owed, whichever service owes it: what a crash between an ingest's
 * commit and its delivery left behind, or a failed delivery of a service that went quiet.
 * Delivering twice is harmless: the alert path stores an alert once (fingerprint + startsAt). */
export async function deliverAllOwed(db: Db, now = new Date()): Promise<string[]> {
  const owed = await sqlTransaction(db, (sql) => owedAlerts(sql, null));
  return owed.length ? deliverOwedAlerts(db, owed, now) : [];
}
