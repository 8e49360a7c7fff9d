// POST /api/webhooks/alertmanager — ingest alerts (lib/alerts/webhook.ts). The same webhook
// is also served on VIGIL_INGEST_PORT, outside Next.js's request handling
// (lib/alerts/ingest-listener.ts).
import { readLimitedBody } from "@/lib/http/read-body";
import { replyResponse } from "@/lib/http/respond";
import { handleAlertmanagerWebhook } from "@/lib/alerts/webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const reply = await handleAlertmanagerWebhook({
    authorization: request.headers.get("authorization"),
    readBody: (maxBytes) => readLimitedBody(request, maxBytes),
  });
  return replyResponse(reply);
}
