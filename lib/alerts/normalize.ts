// Turns a validated webhook alert into the row Vigil stores: identity (fingerprint +
// startsAt), severity, and an endsAt only when the alert is really resolved.
import type { Severity, AlertStatus } from "@/lib/generated/prisma/enums";
import type { WebhookAlert } from "@/lib/alerts/schema";
import { labelsFingerprint } from "@/lib/alerts/fingerprint";
import { parseSeverity } from "@/lib/alerts/severity";

export type NormalizedAlert = {
  key: string;
  fingerprint: string;
  startsAt: Date;
  endsAt: Date | null;
  status: AlertStatus;
  alertname: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string | null;
  raw: WebhookAlert;
};

// Go's zero time: Alertmanager sends it as endsAt of alerts that are still firing.
const GO_ZERO_TIME_MS = Date.parse("0001-01-01T00:00:00Z");

function parseTime(value: string | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms <= GO_ZERO_TIME_MS) return null;
  return new Date(ms);
}

export function alertKey(fingerprint: string, startsAt: Date): string {
  return `${fingerprint}@${startsAt.toISOString()}`;
}

export function normalizeAlert(alert: WebhookAlert, now: Date): NormalizedAlert {
  const fingerprint = alert.fingerprint ?? labelsFingerprint(alert.labels);
  const startsAt = parseTime(alert.startsAt) ?? now;
  const resolved = alert.status === "resolved";
  return {
    key: alertKey(fingerprint, startsAt),
    fingerprint,
    startsAt,
    endsAt: resolved ? (parseTime(alert.endsAt) ?? now) : null,
    status: alert.status,
    alertname: alert.labels.alertname || "(unnamed alert)",
    severity: parseSeverity(alert.labels.severity),
    labels: alert.labels,
    annotations: alert.annotations,
    generatorURL: alert.generatorURL || null,
    raw: alert,
  };
}

/** Normalised, one row per identity (the last copy wins), in a stable order so that
 * concurrent transactions lock rows in the same order and cannot deadlock. */
export function normalizeAlerts(alerts: WebhookAlert[], now: Date): NormalizedAlert[] {
  const byKey = new Map<string, NormalizedAlert>();
  for (const alert of alerts) {
    const n = normalizeAlert(alert, now);
    byKey.set(n.key, n);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
