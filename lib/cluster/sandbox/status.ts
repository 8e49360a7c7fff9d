// The `Status` objects the API server answers failures with. Clients (client-node's
// ApiException, kubectl) read `code`, `reason` and `message` from them, so the sandbox's
// failures must look the same to be handled the same.
import { qualifiedName, type Resource } from "@/lib/cluster/sandbox/resources";

export type Status = {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
};

export function failure(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

export const unauthorized = () => failure(401, "Unauthorized", "Unauthorized");

export const badRequest = (message: string) => failure(400, "BadRequest", message);

export const methodNotAllowed = () => failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

/** A path the server has no resource for. */
export const unknownPath = () => failure(404, "NotFound", "the server could not find the requested resource");

/** A resource that exists, but no object of that name: `deployments.apps "x" not found`. */
export function objectNotFound(resource: Resource, name: string): Status {
  return failure(404, "NotFound", `${qualifiedName(resource)} "${name}" not found`, {
    name,
    group: resource.group || undefined,
    kind: resource.plural,
  });
}
