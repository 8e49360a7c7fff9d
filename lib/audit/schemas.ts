// Query parameters of the audit log, shared by GET /api/audit and the console's page. Every
// filter is checked here, so a bad one answers 400 naming its field instead of matching nothing.
import { z } from "zod";
import { actorTypes, auditActionPrefixes, auditActions, type ActorType } from "@/lib/audit/actions";

export const AUDIT_PAGE_MAX = 200;

export type ActionFilter = { exact: string } | { prefix: string };
export type ActorFilter = { email: string } | { type: ActorType };
export type IncidentFilter = { number: number } | { id: string };

/** Optional text parameter: trimmed, with "" meaning "not given" (an emptied form field). */
function optional<T>(parse: (value: string, ctx: z.RefinementCtx) => T) {
  return z
    .string()
    .max(300)
    .optional()
    .transform((v, ctx): T | undefined => {
      const value = v?.trim();
      return value ? parse(value, ctx) : undefined;
    });
}

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const action = optional<ActionFilter>((value, ctx) => {
  if ((auditActions as readonly string[]).includes(value)) return { exact: value };
  // "action." and "action.*" both mean every action of that domain.
  const prefix = value.endsWith(".*") ? value.slice(0, -1) : value;
  if (auditActionPrefixes.includes(prefix)) return { prefix };
  return fail(ctx, `unknown action "${value}"; use an audit action such as user.signed_in or a prefix such as action.`);
});

const email = z.email();
const actor = optional<ActorFilter>((value, ctx) => {
  if (value.includes("@")) {
    if (!email.safeParse(value).success) return fail(ctx, `"${value}" is not an email address`);
    return { email: value.toLowerCase() };
  }
  if ((actorTypes as readonly string[]).includes(value)) return { type: value as ActorType };
  return fail(ctx, `expected a user's email or an actor type (${actorTypes.join(", ")})`);
});

const incident = optional<IncidentFilter>((value, ctx) => {
  const number = /^(?:inc-)?(\d{1,9})$/i.exec(value);
  if (number) return { number: Number(number[1]) };
  if (/^[a-z0-9_-]{1,64}$/i.test(value)) return { id: value };
  return fail(ctx, "expected an incident number (INC-12 or 12) or an incident id");
});

const trace = optional<string>((value, ctx) =>
  /^[0-9a-f]{32}$/i.test(value) ? value.toLowerCase() : fail(ctx, "expected a trace id: 32 hexadecimal characters"),
);

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
// A bare date means the whole day (UTC): from its first millisecond, to its last.
const instant = (end: "start" | "end") =>
  optional<Date>((value, ctx) => {
    if (isoDateTime.safeParse(value).success) return new Date(value);
    if (isoDate.safeParse(value).success) return new Date(`${value}T${end === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
    return fail(ctx, "expected an ISO 8601 time such as 2026-11-22T09:30:00Z");
  });

// The cursor is the last event's seq, opaque to clients so its form can change.
export function encodeAuditCursor(seq: bigint | string): string {
  return Buffer.from(`seq:${seq}`).toString("base64url");
}

const cursor = optional<bigint>((value, ctx) => {
  const seq = /^seq:(\d{1,19})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  return seq ? BigInt(seq[1]!) : fail(ctx, "cursor is not valid; start again from the first page");
});

export const auditQuerySchema = z
  .object({
    action,
    actor,
    incident,
    trace,
    from: instant("start"),
    to: instant("end"),
    cursor,
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  });

export type AuditQuery = z.output<typeof auditQuerySchema>;

// GET /api/audit/verify: the incremental check unless full verification is asked for.
export const auditVerifyQuerySchema = z.object({
  mode: z.enum(["incremental", "full"]).default("incremental"),
});
