// The root-cause analysis every engine produces (rule-based, model, ensemble), validated
// before it is stored: a cause from the taxonomy, confidence, citations by evidence id,
// and ranked actions on the incident's own workload.
import { z } from "zod";
import { actionKinds, rootCauses, workloadKinds } from "@/lib/scenarios/schema";

export const proposedActionSchema = z.object({
  action: z.enum(actionKinds),
  target: z.object({ kind: z.enum(workloadKinds).default("Deployment"), namespace: z.string(), name: z.string() }),
  replicas: z.number().int().min(0).max(1000).optional(),
  risk: z.enum(["low", "medium", "high"]),
  rationale: z.string().max(1000),
});

export const rcaSchema = z.object({
  rootCause: z.enum(rootCauses),
  confidence: z.number().min(0).max(1),
  summary: z.string().min(1).max(600),
  reasoning: z.string().max(4000),
  citations: z
    .array(z.string().regex(/^E\d+$/))
    .min(1)
    .max(20),
  actions: z.array(proposedActionSchema).min(1).max(4),
  /** For an `unknown` (or a weak answer): the facts that would have decided it, in words a responder can go and check. */
  missing: z.array(z.string().max(300)).max(6).optional(),
});

export type Rca = z.infer<typeof rcaSchema>;
export type ProposedActionSpec = z.infer<typeof proposedActionSchema>;
