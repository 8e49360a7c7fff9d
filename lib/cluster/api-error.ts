// Errors from the Kubernetes API, as Vigil reports them. client-node's ApiException message
// dumps the response headers and the raw body; this keeps what matters (the call, the HTTP
// status, the Status reason and message) and lets callers tell "not found" from "forbidden".
import "server-only";

export class ClusterApiError extends Error {
  constructor(
    /** The client call and its target, e.g. `readNamespacedDeployment shop/checkout-api`. */
    readonly call: string,
    /** HTTP status; undefined when no answer came (connection refused, timeout, TLS). */
    readonly status: number | undefined,
    /** The Status object's reason (NotFound, Forbidden, BadRequest...) when there was one. */
    readonly reason: string | undefined,
    /** The Status object's message, e.g. `previous terminated container "x" in pod "y" not found`. */
    readonly statusMessage: string | undefined,
    options?: { cause?: unknown },
  ) {
    const answer = status === undefined ? "no answer" : `HTTP ${status}${reason ? ` ${reason}` : ""}`;
    super(`Kubernetes ${call} failed: ${answer}${statusMessage ? `: ${statusMessage}` : ""}`, options);
    this.name = "ClusterApiError";
  }
}

type ApiExceptionLike = Error & { code: number; body: unknown };

// Duck-typed rather than instanceof: a bundler may load client-node's module twice. Network
// errors carry a string `code` (ECONNREFUSED), an ApiException a numeric one.
function isApiException(err: unknown): err is ApiExceptionLike {
  return err instanceof Error && typeof (err as { code?: unknown }).code === "number" && "body" in err;
}

// For errors other than 401, client-node hands over the body as the raw response text.
function statusOf(body: unknown): { reason?: string; message?: string } {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return { message: body.slice(0, 300) || undefined };
    }
  }
  if (!value || typeof value !== "object") return {};
  const { reason, message } = value as { reason?: unknown; message?: unknown };
  return { reason: typeof reason === "string" ? reason : undefined, message: typeof message === "string" ? message : undefined };
}

export function toClusterApiError(call: string, err: unknown): ClusterApiError {
  if (err instanceof ClusterApiError) return err;
  if (isApiException(err)) {
    const status = statusOf(err.body);
    // 401 comes without a body: client-node throws before reading it.
    const reason = status.reason ?? (err.code === 401 ? "Unauthorized" : undefined);
    return new ClusterApiError(call, err.code, reason, status.message, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ClusterApiError(call, undefined, undefined, message, { cause: err });
}
