// What the console reads from a proposed action's stored JSON (the guard's verdict, the
// preview, the execution's result, the latest verification), parsed rather than trusted, and
// the pure shaping the action cards need: reasons in reading order, the diff as lines, undos
// beside their originals. Safe in the browser.
import { z } from "zod";
import type { IncidentJson } from "@/lib/client/api";

export type ActionJson = IncidentJson["actions"][number];

const reasonSchema = z.object({ rule: z.string(), ok: z.boolean(), message: z.string() });
const verdictSchema = z.object({
  allowed: z.boolean(),
  reasons: z.array(reasonSchema),
  highRisk: z.boolean().catch(false),
  requiredApprovals: z.number().int().min(1).catch(1),
  autonomous: z.object({ allowed: z.boolean(), policy: z.string().nullable(), reason: z.string() }).nullable().catch(null),
});
const previewSchema = z.object({
  summary: z.string(),
  changes: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })).catch([]),
  dryRun: z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: z.string() })]),
  at: z.string(),
});
const resultSchema = z.object({
  request: z.string(),
  status: z.number().nullable().catch(null),
  resourceVersion: z.object({ before: z.string().nullable(), after: z.string().nullable() }).nullable().catch(null),
  generation: z.number().nullable().catch(null),
  traceAnnotation: z.string().nullable().catch(null),
});
const verificationSchema = z.object({
  rollout: z.object({ ready: z.boolean(), detail: z.string(), revision: z.string().nullable().optional().catch(null) }),
  alerts: z.object({ cleared: z.boolean(), detail: z.string() }),
  promql: z.object({ cleared: z.boolean().nullable(), detail: z.string() }),
  checkedAt: z.string(),
});

export type PolicyReason = z.infer<typeof reasonSchema>;
export type PolicyVerdict = z.infer<typeof verdictSchema>;
export type PreviewView = z.infer<typeof previewSchema>;
export type ExecutionResult = z.infer<typeof resultSchema>;
export type VerificationCheck = z.infer<typeof verificationSchema>;

// Stored JSON that no longer parses is shown as missing, never guessed at.
const parser =
  <T>(schema: z.ZodType<T>) =>
  (value: unknown): T | null => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };

export const parseVerdict = parser(verdictSchema);
export const parsePreview = parser(previewSchema);
export const parseResult = parser(resultSchema);
export const parseVerification = parser(verificationSchema);

/** Failing reasons first (they are why), then the passing ones, each group in the policy's order. */
export function orderedReasons(reasons: readonly PolicyReason[]): PolicyReason[] {
  return [...reasons.filter((r) => !r.ok), ...reasons.filter((r) => r.ok)];
}

export type DiffLine = { sign: "-" | "+"; path: string; value: string; text: string };

/** A change as unified-diff lines: `- path: before` then `+ path: after` (a side that does not exist is left out). */
export function diffLines(changes: readonly { path: string; before: string | null; after: string | null }[]): DiffLine[] {
  return changes.flatMap((c) => {
    const lines: DiffLine[] = [];
    if (c.before !== null) lines.push({ sign: "-", path: c.path, value: c.before, text: `- ${c.path}: ${c.before}` });
    if (c.after !== null) lines.push({ sign: "+", path: c.path, value: c.after, text: `+ ${c.path}: ${c.after}` });
    return lines;
  });
}

export type ActionEntry = { action: ActionJson; undos: ActionJson[] };

/**
 * Actions in the order stored, each undo (rollbackOfId) moved under the action it undoes.
 * An undo whose original is not in the list (an older run's) stands on its own.
 */
export function groupWithUndos(actions: readonly ActionJson[]): ActionEntry[] {
  const ids = new Set(actions.map((a) => a.id));
  const entries = new Map<string, ActionEntry>();
  for (const a of actions) if (!a.rollbackOfId || !ids.has(a.rollbackOfId)) entries.set(a.id, { action: a, undos: [] });
  for (const a of actions) if (a.rollbackOfId && ids.has(a.rollbackOfId)) findEntry(entries, actions, a.rollbackOfId)?.undos.push(a);
  return [...entries.values()];
}

// An undo of an undo belongs with the first action of the chain.
function findEntry(entries: Map<string, ActionEntry>, actions: readonly ActionJson[], id: string): ActionEntry | undefined {
  const seen = new Set<string>();
  let current: string | null = id;
  while (current && !seen.has(current)) {
    const entry = entries.get(current);
    if (entry) return entry;
    seen.add(current);
    current = actions.find((a) => a.id === current)?.rollbackOfId ?? null;
  }
  return undefined;
}

/** "in 12 min", "in 40 s", "expired": how long an approval stays valid. */
export function expiresIn(expiresAtIso: string, nowMs: number): string {
  const ms = new Date(expiresAtIso).getTime() - nowMs;
  if (ms <= 0) return "expired";
  const s = Math.round(ms / 1000);
  if (s < 60) return `expires in ${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `expires in ${m} min` : `expires in ${Math.round(m / 60)} h`;
}
