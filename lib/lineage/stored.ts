// The stored JSON the lineage reads (a step's output, the guard's verdict, the preview, the
// execution's result and audit data, a verification), parsed rather than trusted: a field
// that no longer parses reads as missing, never as a guess. Safe in the browser.
import { z } from "zod";

const str = z.string().nullable().catch(null);
const num = z.number().nullable().catch(null);

const parser =
  <T>(schema: z.ZodType<T>) =>
  (value: unknown): T | null => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };

const targetSchema = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });

export const parseCollectOutput = parser(z.object({ items: num, subject: targetSchema.nullable().catch(null) }));

export const parseEngineOutput = parser(
  z.object({
    engine: z.string(),
    rootCause: str,
    confidence: num,
    citations: z.array(z.string()).catch([]),
    fallbackReason: str,
    modelMs: num,
    watchtower: z.object({ active: z.boolean(), reason: z.string().nullable() }).nullable().catch(null),
  }),
);

export const parseCitations = parser(z.object({ citations: z.array(z.string()) }).transform((r) => r.citations));

export const parseVerdict = parser(
  z.object({
    allowed: z.boolean(),
    reasons: z.array(z.object({ rule: z.string(), ok: z.boolean(), message: z.string() })).catch([]),
    highRisk: z.boolean().catch(false),
    requiredApprovals: z.number().int().min(1).catch(1),
    autonomous: z.object({ allowed: z.boolean(), policy: z.string().nullable(), reason: z.string() }).nullable().catch(null),
  }),
);

const patchSchema = z.object({ type: z.enum(["strategic", "merge", "json"]), body: z.unknown() });

export const parsePreview = parser(
  z.object({
    summary: z.string(),
    patch: patchSchema.nullable().catch(null),
    changes: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })).catch([]),
    dryRun: z.object({ ok: z.boolean(), error: z.string().optional() }),
    generation: num,
    at: str,
  }),
);

export const parseResult = parser(
  z.object({
    request: z.string(),
    status: num,
    resourceVersion: z.object({ before: z.string().nullable(), after: z.string().nullable() }).nullable().catch(null),
    generation: num,
    revisionAtWrite: str,
    traceAnnotation: str,
  }),
);

/** action.executing and action.failed audit data. */
export const parseRequestEvent = parser(
  z.object({
    request: str,
    patchType: str,
    resourceVersion: str,
    generation: num,
    autonomousPolicy: str,
    reason: str,
    kind: str,
    status: num,
  }),
);

export const parseVerification = parser(
  z.object({
    rollout: z.object({ ready: z.boolean(), detail: z.string(), revision: z.string().nullable().optional().catch(null) }),
    alerts: z.object({ cleared: z.boolean(), detail: z.string() }),
    promql: z.object({ cleared: z.boolean().nullable(), detail: z.string() }),
    checkedAt: z.string(),
  }),
);

export const parseToolCall = parser(
  z.object({ tool: z.string(), arguments: z.record(z.string(), z.unknown()).catch({}), evidenceId: str, refused: str }),
);

export const parseRetry = parser(z.object({ reason: z.string() }).transform((r) => r.reason));

/** Labels and annotations as stored: a string map, anything else dropped. */
export function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}
