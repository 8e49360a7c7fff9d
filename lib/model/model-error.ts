// A model call that failed, classified once so the retry loop and the circuit breaker need
// not know Ollama's error shapes: `retryable` says whether trying again can help.
export class ModelError extends Error {
  /** HTTP status from the model server; null when none came back (network, broken stream). */
  readonly status: number | null;
  readonly retryable: boolean;

  constructor(message: string, { status, retryable, cause }: { status: number | null; retryable: boolean; cause?: unknown }) {
    super(message, { cause });
    this.name = "ModelError";
    this.status = status;
    this.retryable = retryable;
  }
}

/** Overload (429), timeouts (408) and server errors (5xx) pass; other 4xx are our mistake and stay. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
