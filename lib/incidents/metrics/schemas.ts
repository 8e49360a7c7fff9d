// Query parameters of GET /api/incidents/[id]/metrics: optionally, which signal to draw.
import { z } from "zod";
import { signals } from "@/lib/scenarios/schema";

export const incidentMetricsQuerySchema = z.object({
  signal: z.enum(signals, { error: `must be one of ${signals.join(", ")}` }).optional(),
});

export type IncidentMetricsQuery = z.output<typeof incidentMetricsQuerySchema>;
