// Inputs of the post-mortem's server actions, validated at the edge.
import { z } from "zod";
import { MAX_POSTMORTEM_BYTES } from "@/lib/postmortem/limits";

const incidentId = z.string().min(1).max(64);

export const draftInput = z.object({
  incidentId,
  /** Replace the post-mortem there is: the person confirmed it. */
  replace: z.boolean().default(false),
});

export const saveInput = z.object({
  incidentId,
  // Characters here, bytes in the domain: a character is at most 4 bytes.
  markdown: z.string().max(MAX_POSTMORTEM_BYTES),
  /** The version the editor started from (postmortemUpdatedAt), or null for none. */
  baseUpdatedAt: z.iso.datetime().nullable(),
});

export type DraftInput = z.infer<typeof draftInput>;
export type SaveInput = z.infer<typeof saveInput>;
