// Alertmanager's webhook payload (version 4), and Grafana's Alertmanager-compatible
// payload (version 1, with extra fields such as orgId, values and dashboardURL).
// Unknown fields pass through untouched: senders add fields over time.
import { z } from "zod";

// Bounds a real Alertmanager never reaches, so one notification's work is bounded too.
export const MAX_LABELS = 128;
export const MAX_ANNOTATIONS = 128;
export const MAX_NAME_LENGTH = 256;
export const MAX_LABEL_VALUE_LENGTH = 4096;
export const MAX_ANNOTATION_VALUE_LENGTH = 32_768;

// Checked in this order, so an issue's path names a key only once keys are known to be short.
function stringMap(noun: "label" | "annotation", maxEntries: number, maxValueLength: number) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    const names = Object.keys(map);
    if (names.length > maxEntries) return ctx.addIssue({ code: "custom", message: `at most ${maxEntries} ${noun}s` });
    if (names.some((name) => name.length > MAX_NAME_LENGTH)) {
      return ctx.addIssue({ code: "custom", message: `${noun} names are at most ${MAX_NAME_LENGTH} characters` });
    }
    for (const name of names) {
      if (map[name]!.length > maxValueLength)
        ctx.addIssue({ code: "custom", path: [name], message: `at most ${maxValueLength} characters` });
    }
  });
}

const labelSet = stringMap("label", MAX_LABELS, MAX_LABEL_VALUE_LENGTH);
const annotationSet = stringMap("annotation", MAX_ANNOTATIONS, MAX_ANNOTATION_VALUE_LENGTH);

// RFC 3339 with any fractional precision (Go sends nanoseconds) and any offset.
const timestamp = z.iso.datetime({ offset: true });

export const webhookAlertSchema = z.looseObject({
  status: z.enum(["firing", "resolved"]),
  labels: labelSet,
  annotations: annotationSet.default({}),
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
  commonAnnotations: annotationSet.default({}),
  externalURL: z.string().max(4096).default(""),
  alerts: z.array(webhookAlertSchema).min(1).max(10_000),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookAlert = z.infer<typeof webhookAlertSchema>;
