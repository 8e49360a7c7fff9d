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
import { receiveAlerts } from "@/lib/alerts/receive";
import { ingestReceipt } from "@/lib/alerts/receipt";

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
    // Stored with its investigation queued, the worker woken, "opened" notified (lib/alerts/receive.ts).
    const result = await receiveAlerts(getDb(), payload, new Date());
    return NextResponse.json(ingestReceipt(result));
  } catch (err) {
    return errorResponse(err, { route: "POST /api/webhooks/alertmanager" });
  }
}
