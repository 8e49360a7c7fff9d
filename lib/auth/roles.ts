// Roles, weakest first: each role can do everything the ones before it can.
import type { Role } from "@/lib/generated/prisma/enums";

export const roles: Role[] = ["viewer", "responder", "admin"];

export function hasRole(actual: Role, needed: Role): boolean {
  return roles.indexOf(actual) >= roles.indexOf(needed);
}

export function isRole(value: string): value is Role {
  return (roles as string[]).includes(value);
}

/** Who may approve, reject and roll back actions: responders and admins. */
export function canApprove(role: Role): boolean {
  return hasRole(role, "responder");
}
