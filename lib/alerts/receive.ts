// What happens to an Alertmanager notification once it is validated, wherever it came from
// (the webhook, or Vigil's own anomaly detector): stored with its investigation queued in the
// same transaction, this instance's worker woken, and "incident opened" told to the notifier.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { WebhookPayload } from "@/lib/alerts/schema";
import { ingestAlertmanagerPayload, type AfterIngest, type IngestResult } from "@/lib/alerts/ingest";
import { getBoss, wakeWorker } from "@/lib/jobs/queue";
import { queueOnIngest } from "@/lib/jobs/investigations";
import { notifyIncident } from "@/lib/remediation/notify";
import { getNotifier } from "@/lib/notify/runtime";

/** `also`: more work for the ingest transaction, after the investigation is queued. */
export async function receiveAlerts(db: Db, payload: WebhookPayload, now = new Date(), also?: AfterIngest): Promise<IngestResult> {
  const boss = await getBoss();
  const queue = queueOnIngest(boss);
  const afterIngest: AfterIngest = also
    ? async (sql, result) => {
        await queue(sql, result);
        await also(sql, result);
      }
    : queue;
  // The investigation is queued in the transaction that stores the alerts: never one without the other.
  const result = await ingestAlertmanagerPayload(db, payload, now, afterIngest);
  if (result.investigate) await wakeWorker();
  // Told, not awaited: the sender never waits on Slack.
  if (result.openedIncident && result.incident)
    void notifyIncident(db, result.incident.id, { notifier: getNotifier() }, (incident) => ({ type: "incident.opened", incident }));
  return result;
}
