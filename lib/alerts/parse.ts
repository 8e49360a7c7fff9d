// Parses a webhook body into a validated payload, or a 400 that names what is wrong.
import { VigilError } from "@/lib/errors";
import { webhookPayloadSchema, type WebhookPayload } from "@/lib/alerts/schema";
import { describeIssues } from "@/lib/validation";
import { jsonNestsDeeperThan } from "@/lib/http/json-depth";

/** Alertmanager's payload nests 4 levels (Grafana's too); unknown fields pass through, so bound them. */
export const MAX_JSON_DEPTH = 64;

export function parseWebhookPayload(body: string): WebhookPayload {
  // Before parsing: a sender's fault answered 400, not a stack overflow later and a 500 retried for ever.
  if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new VigilError("bad_request", `body nests JSON arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new VigilError("bad_request", `body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = webhookPayloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new VigilError("bad_request", `invalid Alertmanager payload: ${describeIssues(parsed.error)}`, {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data;
}
