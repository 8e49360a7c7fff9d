// POST /api/webhooks/alertmanager — ingest alerts
// Authenticates before reading the body, bounds the body, validates, stores; never
// investigates inline. 5xx only when Alertmanager's retry could succeed.
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";
import { readLimitedBody } from "@/lib/http/read-body";
import { errorResponse } from "@/lib/http/respond";
import { parseWebhookPayload } from "@/lib/alerts/parse";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { ingestReceipt } from "@/lib/alerts/receipt";
import { getBoss, wakeWorker } from "@/lib/jobs/runtime";
import { notifyIncident } from "@/lib/remediation/notify";
import { getNotifier } from "@/lib/notify/runtime";
import { queueOnIngest } from "@/lib/jobs/investigations";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const expected = env.VIGIL_WEBHOOK_TOKEN;
  if (!expected) {
    return NextResponse.json(
      { error: "webhook_disabled", message: "VIGIL_WEBHOOK_TOKEN is not set: the webhook refuses every request until it is configured" },
      { status: 503 },
    );
  }
  if (!tokenMatches(bearerToken(request.headers.get("authorization")), expected)) {
    return NextResponse.json(
      { error: "unauthorized", message: "a valid bearer token is required" },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="vigil"' } },
    );
  }
  try {
    const payload = parseWebhookPayload(await readLimitedBody(request, env.VIGIL_WEBHOOK_MAX_BYTES));
    const boss = await getBoss();
    // The investigation is queued in the transaction that stores the alerts: never one without the other.
    const result = await ingestAlertmanagerPayload(getDb(), payload, new Date(), queueOnIngest(boss));
    if (result.investigate) await wakeWorker();
    // Told, not awaited: Alertmanager's request never waits on Slack.
    if (result.openedIncident && result.incident) void notifyIncident(getDb(), result.incident.id, { notifier: getNotifier() }, (incident) => ({ type: "incident.opened", incident }));
    return NextResponse.json(ingestReceipt(result));
  } catch (err) {
    return errorResponse(err, { route: "POST /api/webhooks/alertmanager" });
  }
}
