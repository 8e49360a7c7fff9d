// The one way the console's server actions are written. A server action is a public
// endpoint: each call checks the session and the role, validates its input with zod, and
// answers with an outcome the console shows as it is. Expected failures (a VigilError, a
// domain refusal the action returns) are shown in their own words; anything else is logged
// with an id and shown as a generic message carrying that id, never as a database's or the
// Kubernetes API's raw text.
import "server-only";
import type { z } from "zod";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";
import { VigilError, newErrorId } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";
import { log } from "@/lib/log";

/** What every outcome has: whether it worked and what to tell the person who clicked. */
export type Outcome = { ok: boolean; message: string; code?: string };
/** A failure: code is signed_out, forbidden, malformed, error (unexpected: see errorId), or the action's own. */
export type Failure = { ok: false; message: string; code?: string; errorId?: string };

export type ServerActionSpec<S extends z.ZodType> = {
  /** What the action does, as the end of "Could not …" and "only … can …". */
  what: string;
  role: Role;
  input: S;
  /** A refusal for invalid input in the action's own words, where the default would not do. */
  invalid?: (error: z.ZodError) => Failure | null;
};

// An action that takes no input is called with none.
type Args<S extends z.ZodType> = undefined extends z.input<S> ? [raw?: z.input<S>] : [raw: z.input<S>];

const whoMay = (role: Role) => (role === "admin" ? "admins" : role === "responder" ? "responders and admins" : "signed-in users");

// The role each wrapped action requires, so a test can hold every exported action to it
// (lib/auth/every-action.integration.test.ts): an action written without this wrapper has none.
const required = new WeakMap<(...args: never[]) => unknown, Role>();

/** The role a server action requires; undefined when it was not made by `serverAction`. */
export function requiredRole(action: (...args: never[]) => unknown): Role | undefined {
  return required.get(action);
}

/**
 * Wraps `work` as a server action. Its outcome type must admit a Failure (the type says so:
 * otherwise the action is `never`), so callers handle one type, whatever went wrong.
 */
export function serverAction<S extends z.ZodType, O extends Outcome>(
  spec: ServerActionSpec<S>,
  work: (input: z.output<S>, user: SessionUser) => Promise<O>,
): Failure extends O ? (...raw: Args<S>) => Promise<O> : never {
  const action = async (...[raw]: Args<S>): Promise<O | Failure> => {
    try {
      const user = await currentUser();
      if (!user) return { ok: false, code: "signed_out", message: "Your session has ended: sign in again." };
      if (!hasRole(user.role, spec.role))
        return { ok: false, code: "forbidden", message: `You are a ${user.role}: only ${whoMay(spec.role)} can ${spec.what}.` };
      const parsed = spec.input.safeParse(raw);
      if (!parsed.success) {
        return (
          spec.invalid?.(parsed.error) ?? {
            ok: false,
            code: "malformed",
            message: `The request was malformed (${describeIssues(parsed.error)}): reload the page and try again.`,
          }
        );
      }
      return await work(parsed.data, user);
    } catch (err) {
      if (err instanceof VigilError) return { ok: false, code: err.code, message: err.message };
      const errorId = newErrorId();
      log.error({ err, errorId, what: spec.what }, "console action failed");
      return {
        ok: false,
        code: "error",
        errorId,
        message: `Could not ${spec.what}: an unexpected error (id ${errorId}). Reload to see where things stand.`,
      };
    }
  };
  required.set(action, spec.role);
  return action as Failure extends O ? (...raw: Args<S>) => Promise<O> : never;
}
