// The generic outgoing webhook: one JSON body per event for PagerDuty bridges, chat bots or
// anything else. With a secret, the body is signed (X-Vigil-Signature: sha256=<hex HMAC>)
// so receivers can tell Vigil's messages from forgeries; occurredAt lets them drop replays.
import { createHmac, timingSafeEqual } from "node:crypto";
import { incidentUrl, type NotifyEvent } from "@/lib/notify/types";

export const SIGNATURE_HEADER = "X-Vigil-Signature";

export function webhookBody(event: NotifyEvent, publicUrl: string, occurredAt: Date): string {
  const { type, incident, occurredAt: _ignored, ...details } = event;
  return JSON.stringify({
    type,
    occurredAt: occurredAt.toISOString(),
    incident: { ...incident, url: incidentUrl(publicUrl, incident.id) },
    ...details,
  });
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** For receivers (and tests): whether `header` is the signature of `body`, in constant time. */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signature(secret, body));
  const actual = Buffer.from(header);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function webhookRequest(event: NotifyEvent, publicUrl: string, occurredAt: Date, secret?: string) {
  const body = webhookBody(event, publicUrl, occurredAt);
  const headers: Record<string, string> = { "X-Vigil-Event": event.type };
  if (secret) headers[SIGNATURE_HEADER] = signature(secret, body);
  return { body, headers };
}
