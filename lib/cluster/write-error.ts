// Why a write to the cluster failed, in the few kinds remediation acts on differently: a
// conflict means re-plan against the new object, forbidden means fix RBAC, a timeout means the
// change may or may not have landed and must be read back before anything is retried.
import "server-only";
import { toClusterApiError } from "@/lib/cluster/api-error";

export type ClusterWriteErrorKind = "forbidden" | "not_found" | "conflict" | "invalid" | "server" | "timeout" | "network";

export class ClusterWriteError extends Error {
  constructor(
    readonly kind: ClusterWriteErrorKind,
    /** HTTP status; null when no answer came. */
    readonly status: number | null,
    /** The request, e.g. `PATCH deployments/shop/checkout`. */
    readonly request: string,
    /** The Status object's reason and message, when the API server answered with one. */
    readonly reason: string | undefined,
    readonly statusMessage: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ClusterWriteError";
  }
}

function kindOf(status: number): ClusterWriteErrorKind {
  if (status === 401 || status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 504) return "timeout"; // the API server gave up waiting; the write may still land
  if (status >= 500 || status === 429) return "server";
  return "invalid";
}

const isAbort = (err: unknown) => err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");

/**
 * `timedOutAfterMs`: the deadline that aborted the request, when it was the deadline rather
 * than the caller's signal.
 */
export function toClusterWriteError(request: string, err: unknown, timedOutAfterMs?: number): ClusterWriteError {
  if (err instanceof ClusterWriteError) return err;
  if (isAbort(err)) {
    const why = timedOutAfterMs !== undefined ? `no answer within ${timedOutAfterMs / 1000} s` : "aborted before an answer came";
    return new ClusterWriteError(
      "timeout",
      null,
      request,
      undefined,
      undefined,
      `${request}: ${why}; the change may or may not have been applied`,
      {
        cause: err,
      },
    );
  }
  const api = toClusterApiError(request, err);
  if (api.status === undefined) {
    return new ClusterWriteError(
      "network",
      null,
      request,
      undefined,
      api.statusMessage,
      `${request}: no answer from the API server: ${api.statusMessage}`,
      {
        cause: err,
      },
    );
  }
  const answer = `${api.status}${api.reason ? ` ${api.reason}` : ""}${api.statusMessage ? `: ${api.statusMessage}` : ""}`;
  return new ClusterWriteError(kindOf(api.status), api.status, request, api.reason, api.statusMessage, `${request}: ${answer}`, {
    cause: err,
  });
}
