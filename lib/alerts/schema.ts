// Alertmanager's webhook payload (version 4), and Grafana's Alertmanager-compatible
// payload (version 1, with extra fields such as orgId, values and dashboardURL).
// Unknown fields pass through untouched: senders add fields over time.
import { z } from "zod";

const labelSet = z.record(z.string(), z.string());

// RFC 3339 with any fractional precision (Go sends nanoseconds) and any offset.
const timestamp = z.iso.datetime({ offset: true });

export const webhookAlertSchema = z.looseObject({
  status: z.enum(["firing", "resolved"]),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: z.string().max(4096).optional(),
  fingerprint: z.string().min(1).max(128).optional(),
});

export const webhookPayloadSchema = z.looseObject({
  version: z.enum(["4", "1"]),
  groupKey: z.string().min(1).max(4096),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(512),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().max(4096).default(""),
  alerts: z.array(webhookAlertSchema).min(1).max(10_000),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookAlert = z.infer<typeof webhookAlertSchema>;
