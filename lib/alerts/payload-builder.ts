// Builds Alertmanager webhook payloads exactly as Alertmanager sends them (version 4,
// fingerprints from the labels, zero endsAt while firing). Used by tests, the bench and
// the demo's alert feeder, so all three speak the same format.
import { labelsFingerprint } from "@/lib/alerts/fingerprint";

export type AlertSpec = {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  status?: "firing" | "resolved";
  startsAt: Date;
  endsAt?: Date;
  generatorURL?: string;
};

const ZERO_TIME = "0001-01-01T00:00:00Z";

export function alertmanagerPayload(options: {
  receiver?: string;
  groupLabels: Record<string, string>;
  alerts: AlertSpec[];
  externalURL?: string;
  truncatedAlerts?: number;
}) {
  const alerts = options.alerts.map((a) => {
    const status = a.status ?? "firing";
    return {
      status,
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt: a.startsAt.toISOString(),
      endsAt: status === "resolved" ? (a.endsAt ?? new Date()).toISOString() : ZERO_TIME,
      generatorURL: a.generatorURL ?? "http://prometheus.local/graph",
      fingerprint: labelsFingerprint(a.labels),
    };
  });
  const common = (key: "labels" | "annotations") => {
    const first = alerts[0]?.[key] ?? {};
    return Object.fromEntries(Object.entries(first).filter(([k, v]) => alerts.every((a) => a[key][k] === v)));
  };
  const groupKey = `{}:{${Object.entries(options.groupLabels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;
  return {
    receiver: options.receiver ?? "vigil",
    status: alerts.some((a) => a.status === "firing") ? "firing" : "resolved",
    alerts,
    groupLabels: options.groupLabels,
    commonLabels: common("labels"),
    commonAnnotations: common("annotations"),
    externalURL: options.externalURL ?? "http://alertmanager.local",
    version: "4",
    groupKey,
    truncatedAlerts: options.truncatedAlerts ?? 0,
  };
}
