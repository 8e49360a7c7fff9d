// An exported chain head as people hand it back: its event's seq and hash, pasted from the
// log aggregator or the head file into GET /api/audit/verify or the audit page's form. Also
// what a line of the head file must hold, so a garbled line is told apart from a head.
import { z } from "zod";
import { auditVerifyQuerySchema } from "@/lib/audit/schemas";

// The seq is a bigint: 19 digits at most, and kept a string so no precision is lost.
export const headSeq = z
  .string()
  .trim()
  .regex(/^\d{1,19}$/, "expected an audit event's sequence number (digits only)");
export const headHash = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, "expected a SHA-256 hash: 64 hexadecimal characters")
  .transform((h) => h.toLowerCase());

/** A head given by hand (the audit page's form). */
export const givenHeadSchema = z.object({ seq: headSeq, hash: headHash });
export type GivenHead = z.output<typeof givenHeadSchema>;

/** One line of the head file (lib/audit/head-file.ts); fields besides these are informative. */
export const headLineSchema = z.object({ seq: headSeq, hash: headHash, at: z.string().optional() });

// GET /api/audit/verify: a head to hold the chain to may be given as ?headSeq=…&headHash=…;
// without one, the last head in the head file is.
export const auditVerifyWithHeadSchema = auditVerifyQuerySchema
  .extend({ headSeq: headSeq.optional(), headHash: headHash.optional() })
  .superRefine((q, ctx) => {
    if ((q.headSeq === undefined) !== (q.headHash === undefined)) {
      const missing = q.headSeq === undefined ? "headSeq" : "headHash";
      ctx.addIssue({ code: "custom", path: [missing], message: "headSeq and headHash go together: give both, or neither" });
    }
  })
  .transform(({ headSeq: seq, headHash: hash, ...rest }) => ({ ...rest, head: seq && hash ? { seq, hash } : undefined }));
