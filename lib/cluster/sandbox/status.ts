// The `Status` objects the API server answers failures with. Clients (client-node's
// ApiException, kubectl) read `code`, `reason` and `message` from them, so the sandbox's
// failures must look the same to be handled the same.
import { qualifiedName, type Resource } from "@/lib/cluster/sandbox/resources";

export type StatusCause = { reason: string; message: string; field: string };

export type Status = {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
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

/** A write whose object changed since the resourceVersion it was made against. */
export function conflict(resource: Resource, name: string): Status {
  return failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedName(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: resource.group || undefined, kind: resource.plural },
  );
}

/** apierrors.NewInvalid: `Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: ...`. */
export function invalid(resource: Resource, name: string, causes: StatusCause[]): Status {
  const kind = resource.group ? `${resource.kind}.${resource.group}` : resource.kind;
  const errors = causes.map((cause) => `${cause.field}: ${cause.message}`);
  const summary = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
  return failure(422, "Invalid", `${kind} "${name}" is invalid: ${summary}`, {
    name,
    group: resource.group || undefined,
    kind: resource.kind,
    causes,
  });
}

/** What the API server answers when a JSON patch does not apply: its detail stays in its log. */
export const unprocessable = () => failure(422, "Invalid", "the server rejected our request due to an error in our request", {});

export const unsupportedMediaType = (accepted: readonly string[]) =>
  failure(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  );

export const requestEntityTooLarge = (message: string) => failure(413, "RequestEntityTooLarge", `Request entity too large: ${message}`);
