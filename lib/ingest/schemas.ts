// Request bodies of the ingestion API, validated at the edge. Batches, names and labels are
// bounded so one client cannot make a request cost unbounded memory or rows; timestamps must
// fall within [now − 7 days, now + 5 minutes], so a clock gone wrong is refused, not stored.
import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";
import { apiKeyScopes, type ApiKeyScope } from "@/lib/ingest/scopes";

export const INGEST_MAX_BYTES = 1024 * 1024;
export const MAX_POINTS = 5_000;
export const MAX_LOGS = 1_000;
export const MAX_CHANGES = 100;
const PAST_MS = 7 * 24 * 3600_000;
const FUTURE_MS = 5 * 60_000;

export { apiKeyScopes, type ApiKeyScope };

const name = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:\-/]+$/, "expected letters, digits and _ . : - /");
const service = z.string().min(1).max(200);
const labels = z
  .record(z.string().min(1).max(100), z.string().max(500))
  .refine((l) => Object.keys(l).length <= 32, "at most 32 labels")
  .default({});

/** An ISO 8601 timestamp or epoch milliseconds, within the accepted window around `now`. */
function timestamp(now: Date) {
  return z
    .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() >= now.getTime() - PAST_MS, "older than 7 days")
    .refine((d) => d.getTime() <= now.getTime() + FUTURE_MS, "more than 5 minutes in the future");
}

export function metricsBatchSchema(now: Date) {
  const point = z.object({ service, name, value: z.number().finite(), labels, timestamp: timestamp(now) });
  return z.object({ points: z.array(point).min(1).max(MAX_POINTS) });
}

export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

export function logsBatchSchema(now: Date) {
  const entry = z.object({
    service,
    level: z.enum(logLevels),
    message: z.string().min(1).max(8_000),
    labels,
    timestamp: timestamp(now),
  });
  return z.object({ entries: z.array(entry).min(1).max(MAX_LOGS) });
}

export const changeKinds = ["deploy", "config", "flag", "scale"] as const;

export function changesBatchSchema(now: Date) {
  const change = z.object({
    // The client's own id for the change: a resend of it is stored once.
    id: z.string().min(1).max(200).optional(),
    service,
    kind: z.enum(changeKinds),
    version: z.string().max(200).optional(),
    commit: z.string().max(100).optional(),
    actor: z.string().max(200).optional(),
    summary: z.string().min(1).max(2_000),
    timestamp: timestamp(now),
  });
  return z.object({ changes: z.array(change).min(1).max(MAX_CHANGES) });
}

export type MetricsBatch = z.infer<ReturnType<typeof metricsBatchSchema>>;
export type LogsBatch = z.infer<ReturnType<typeof logsBatchSchema>>;
export type ChangesBatch = z.infer<ReturnType<typeof changesBatchSchema>>;

/** Parses a JSON body with `schema`, or throws a 400 that names the field and its index. */
export function parseIngestBody<T>(body: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new VigilError("bad_request", `body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new VigilError("bad_request", describeIssues(parsed.error), {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data;
}

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
