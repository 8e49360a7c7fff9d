// The ensemble's record as the engine step stores it (`output.ensemble`): each specialist's
// answer, the vote and who merged it. Read back through this schema, never trusted: a record
// that no longer parses reads as absent. Safe in the browser.
import { z } from "zod";
import { specialists } from "@/lib/rca/ensemble/domains";

const specialist = z.enum(specialists);
const count = z.number().int().min(0).catch(0);

export const specialistRecordSchema = z.object({
  specialist,
  source: z.enum(["model", "rules"]),
  rootCause: z.string(),
  confidence: z.number().min(0).max(1),
  citations: z.array(z.string()).catch([]),
  summary: z.string().catch(""),
  fallbackReason: z.string().nullable().catch(null),
  ms: z.number().nullable().catch(null),
});

export const ensembleRecordSchema = z.object({
  specialists: z.array(specialistRecordSchema),
  tally: z.object({
    winner: z.string(),
    tied: z.array(z.string()).catch([]),
    tieBreak: z.string().nullable().catch(null),
    confidence: z.number(),
    totals: z.array(z.object({ cause: z.string(), weight: z.number(), voters: z.array(specialist) })),
    abstained: z.array(specialist).catch([]),
  }),
  director: z.object({
    source: z.enum(["model", "deterministic"]),
    fallbackReason: z.string().nullable().catch(null),
    ms: z.number().nullable().catch(null),
  }),
  usage: z.object({ calls: count, promptTokens: count, completionTokens: count }).catch({ calls: 0, promptTokens: 0, completionTokens: 0 }),
});

export type EnsembleRecord = z.infer<typeof ensembleRecordSchema>;
export type SpecialistRecord = z.infer<typeof specialistRecordSchema>;

/** The ensemble record in an engine step's stored output, or null when there is none. */
export function ensembleFromStepOutput(output: unknown): EnsembleRecord | null {
  if (typeof output !== "object" || output === null) return null;
  const parsed = ensembleRecordSchema.safeParse((output as Record<string, unknown>).ensemble);
  return parsed.success ? parsed.data : null;
}
