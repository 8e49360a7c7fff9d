// Query parameters of the incident list, shared by the REST route and the console.
import { z } from "zod";
import { incidentStates, severities } from "@/lib/incidents/model";
import { defaultSort, incidentSorts } from "@/lib/incidents/sort";
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";

function csvOf<T extends string>(allowed: readonly T[], name: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const values = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = values.filter((s) => !(allowed as readonly string[]).includes(s));
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `unknown ${name} ${bad.join(", ")}; expected one of ${allowed.join(", ")}` });
        return z.NEVER;
      }
      return values as T[];
    });
}

export const listIncidentsQuerySchema = z.object({
  state: csvOf<IncidentState>(incidentStates, "state"),
  severity: csvOf<Severity>(severities, "severity"),
  namespace: z
    .string()
    .trim()
    .max(253)
    .optional()
    .transform((v) => v || undefined),
  /** Whose incidents: mine (the signed-in user owns it), none (unowned); absent: everyone's. */
  owner: z.enum(["me", "none"], { error: "unknown owner; expected me or none" }).optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  sort: z
    .enum(incidentSorts, { error: `unknown sort; expected one of ${incidentSorts.join(", ")}` })
    .optional()
    .transform((v) => v ?? defaultSort),
  cursor: z
    .string()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type ListIncidentsQuery = z.output<typeof listIncidentsQuerySchema>;
