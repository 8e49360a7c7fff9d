// Secrets in alerts are redacted once, at the door, before anything is stored: label and
// annotation values (a secret-named one wholly, others where they hold a credential), the
// alert's raw copy and the group's common labels and annotations, with the same redactor as
// the evidence. Everything Vigil serves, renders, exports or notifies derives from the stored
// copy. Identity is not touched: fingerprints and the group key come from the original
// values (normalizeAlert runs first), so deduplication works as before.
import type { NormalizedAlert } from "@/lib/alerts/normalize";
import type { WebhookPayload } from "@/lib/alerts/schema";
import { redact, redactEnvValue } from "@/lib/evidence/redact";

export function redactValues(values: Record<string, string>): Record<string, string> {
  let changed = false;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const safe = redactEnvValue(key, value) ?? value;
    if (safe !== value) changed = true;
    out[key] = safe;
  }
  return changed ? out : values;
}

const redactUrl = (url: string | null | undefined) => (url ? redact(url).text : url);

export function redactAlert(alert: NormalizedAlert): NormalizedAlert {
  const labels = redactValues(alert.labels);
  const annotations = redactValues(alert.annotations);
  const generatorURL = redactUrl(alert.generatorURL) ?? null;
  return {
    ...alert,
    labels,
    annotations,
    generatorURL,
    raw: { ...alert.raw, labels, annotations, ...(alert.raw.generatorURL ? { generatorURL: generatorURL ?? "" } : {}) },
  };
}

/** The payload's group-wide fields as stored on the incident (the group key stays as sent). */
export function redactPayload(payload: WebhookPayload): WebhookPayload {
  return {
    ...payload,
    commonLabels: redactValues(payload.commonLabels),
    commonAnnotations: redactValues(payload.commonAnnotations),
    groupLabels: redactValues(payload.groupLabels),
    externalURL: redactUrl(payload.externalURL) ?? payload.externalURL,
  };
}
