// Query parameters of the overview, shared by GET /api/overview and the overview page.
import { z } from "zod";
import { overviewRanges } from "@/lib/overview/range";

export const overviewQuerySchema = z.object({
  range: z.enum(overviewRanges, { error: `must be one of ${overviewRanges.join(", ")}` }).default("7d"),
  namespace: z
    .string()
    .trim()
    .max(253)
    .optional()
    .transform((v) => v || undefined),
});

export type OverviewQuery = z.output<typeof overviewQuerySchema>;
