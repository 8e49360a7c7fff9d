// Anomalies reach incidents through the alert path: an episode that met the incident
// threshold becomes an Alertmanager v4 alert (receiver vigil-anomaly, one group per service),
// ingested by the same code as the webhook's, so dedupe, incidents, investigation and
// resolution work exactly as for Alertmanager. An alert's identity is its series (the
// fingerprint of alertname + service + metric) and its episode's start (startsAt): a
// redelivery is stored once. The ingest transaction records which alerts are owed; they are
// delivered after it commits and marked delivered in the alert's own transaction, so an alert
// lost to a crash in between is delivered with the service's next batch.
import { labelsFingerprint } from "@/lib/alerts/fingerprint";
import { webhookPayloadSchema, type WebhookPayload } from "@/lib/alerts/schema";
import { LOG_ERRORS_SERIES } from "@/lib/anomaly/config";
import { anomalyPhrase, deployPhrase, seriesLabel, type DescribedChange } from "@/lib/anomaly/describe";

export type OwedAlert = {
  id: string;
  service: string;
  metric: string;
  value: number;
  mean: number;
  stddev: number;
  z: number;
  severity: string;
  at: Date;
  endedAt: Date | null;
  labels: Record<string, string>;
  change: DescribedChange | null;
};

export const ANOMALY_RECEIVER = "vigil-anomaly";
const ZERO_TIME = "0001-01-01T00:00:00Z";

export const groupKeyOf = (service: string) => `anomaly:${service}`;

/** `shop/checkout` → namespace shop, deployment checkout, unless the points said otherwise; a
 * bare `checkout` outside Kubernetes is the workload itself (lib/alerts/workload.ts reads it). */
function workload(service: string, labels: Record<string, string>): Record<string, string> {
  const slash = service.indexOf("/");
  const fromService: Record<string, string> = slash > 0 ? { namespace: service.slice(0, slash), deployment: service.slice(slash + 1) } : {};
  const known = { ...fromService, ...labels };
  return known.deployment ? known : { ...known, workload: service };
}

function alertOf(a: OwedAlert) {
  const identity = { alertname: a.metric === LOG_ERRORS_SERIES ? "VigilErrorSpike" : "VigilAnomaly", service: a.service, metric: a.metric };
  const summary = `${a.service}: ${anomalyPhrase(a)}`;
  const since = `${seriesLabel(a.metric)} of ${a.service} anomalous since ${a.at.toISOString()}`;
  const description = a.change
    ? `${since}, after a ${deployPhrase(a.change, a.at)}: ${a.change.summary}`
    : `${since}; no deploy of it in the 30 minutes before.`;
  return {
    status: a.endedAt ? ("resolved" as const) : ("firing" as const),
    labels: { ...identity, severity: a.severity, ...workload(a.service, a.labels) },
    annotations: { summary, description },
    startsAt: a.at.toISOString(),
    endsAt: a.endedAt ? a.endedAt.toISOString() : ZERO_TIME,
    fingerprint: labelsFingerprint(identity),
  };
}

/** One notification for a service's owed alerts, validated as the webhook validates. */
export function anomalyPayload(service: string, owed: OwedAlert[]): WebhookPayload {
  const alerts = owed.map(alertOf);
  const common = (key: "labels" | "annotations") =>
    Object.fromEntries(
      Object.entries(alerts[0]![key]).filter(([k, v]) => alerts.every((a) => (a[key] as Record<string, string>)[k] === v)),
    );
  return webhookPayloadSchema.parse({
    version: "4",
    groupKey: groupKeyOf(service),
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === "firing") ? "firing" : "resolved",
    receiver: ANOMALY_RECEIVER,
    groupLabels: { service },
    commonLabels: common("labels"),
    commonAnnotations: common("annotations"),
    externalURL: "",
    alerts,
  });
}
