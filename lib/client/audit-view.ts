// How an audit event reads in the log: who did it, to what, and when (UTC, to the second).
import type { AuditEventJson } from "@/lib/client/api";

type Actor = Pick<AuditEventJson, "actorType" | "actorId" | "actorEmail">;
type Target = Pick<AuditEventJson, "targetType" | "targetId" | "targetEmail">;

/** "ada@example.com" for a user, "system · bootstrap" or "agent" otherwise. */
export function actorLabel(e: Actor): { primary: string; secondary: string | null } {
  if (e.actorType === "user") {
    if (e.actorEmail) return { primary: e.actorEmail, secondary: null };
    // A failed sign-in has no user yet; a user id without a row is shown as it is.
    return { primary: e.actorId ? `user ${e.actorId}` : "unknown user", secondary: null };
  }
  return { primary: e.actorType, secondary: e.actorId };
}

/** "User ada@example.com", "ProposedAction cm3…", or null when the event has no target. */
export function targetLabel(e: Target): { type: string; name: string } | null {
  if (!e.targetType && !e.targetId) return null;
  return { type: e.targetType ?? "", name: e.targetEmail ?? e.targetId ?? "" };
}

/** "2026-11-22 09:30:12": the same text on the server and in every browser. */
export function utcTime(iso: string): string {
  return iso.slice(0, 19).replace("T", " ");
}

export function hasData(data: unknown): boolean {
  if (data === null || data === undefined) return false;
  if (typeof data === "object") return Object.keys(data).length > 0;
  return true;
}
