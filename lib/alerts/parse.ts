// Parses a webhook body into a validated payload, or a 400 that names what is wrong.
import { VigilError } from "@/lib/errors";
import { webhookPayloadSchema, type WebhookPayload } from "@/lib/alerts/schema";
import { describeIssues } from "@/lib/validation";

export function parseWebhookPayload(body: string): WebhookPayload {
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
