// The Alertmanager webhook's work, whichever server received it: the Next.js route
// (app/api/webhooks/alertmanager/route.ts) or the ingest listener on its own port
// (lib/alerts/ingest-listener.ts). Authenticates before reading the body, bounds the body,
// validates, stores; never investigates inline. 5xx only when Alertmanager's retry could succeed.
import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";
import { errorReply, type Reply } from "@/lib/http/respond";
import { parseWebhookPayload } from "@/lib/alerts/parse";
import { receiveAlerts } from "@/lib/alerts/receive";
import { ingestReceipt } from "@/lib/alerts/receipt";

export type WebhookRequest = {
  authorization: string | null;
  /** Reads the body, refusing one over the limit (lib/http/read-body.ts). */
  readBody: (maxBytes: number) => Promise<string>;
};

export async function handleAlertmanagerWebhook(request: WebhookRequest): Promise<Reply> {
  const expected = env.VIGIL_WEBHOOK_TOKEN;
  if (!expected) {
    return {
      status: 503,
      body: {
        error: "webhook_disabled",
        message: "VIGIL_WEBHOOK_TOKEN is not set: the webhook refuses every request until it is configured",
      },
    };
  }
  if (!tokenMatches(bearerToken(request.authorization), expected)) {
    return {
      status: 401,
      body: { error: "unauthorized", message: "a valid bearer token is required" },
      headers: { "WWW-Authenticate": 'Bearer realm="vigil"' },
    };
  }
  try {
    const payload = parseWebhookPayload(await request.readBody(env.VIGIL_WEBHOOK_MAX_BYTES));
    // Stored with its investigation queued, the worker woken, "opened" notified (lib/alerts/receive.ts).
    const result = await receiveAlerts(getDb(), payload, new Date());
    return { status: 200, body: ingestReceipt(result) };
  } catch (err) {
    return errorReply(err, { route: "POST /api/webhooks/alertmanager" });
  }
}
