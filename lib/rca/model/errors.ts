// Why the model engine gave up, as types the fallback can explain to a human: a timeout, an
// open circuit, or answers that failed validation. Transport failures stay ModelErrors.
import "server-only";
import { ModelError } from "@/lib/model/model-error";

/** The model did not answer within the per-attempt limit. Not retried: a slow model stays slow. */
export class ModelTimeoutError extends ModelError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, cause?: unknown) {
    super(`the model gave no complete answer within ${formatMs(timeoutMs)}`, { status: null, retryable: false, cause });
    this.name = "ModelTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** The circuit breaker refused the call: recent calls failed, the model is left alone a while. */
export class CircuitOpenError extends ModelError {
  readonly retryInMs: number;
  constructor(reason: string, retryInMs: number) {
    super(reason, { status: null, retryable: false });
    this.name = "CircuitOpenError";
    this.retryInMs = retryInMs;
  }
}

/** Every attempt answered, and every answer failed validation; `reason` is the last one. */
export class ModelAnswerRejected extends Error {
  readonly reason: string;
  readonly attempts: number;
  constructor(reason: string, attempts: number) {
    super(`the model's answer was rejected ${attempts === 1 ? "once" : `${attempts} times`}: ${reason}`);
    this.name = "ModelAnswerRejected";
    this.reason = reason;
    this.attempts = attempts;
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/** AbortSignal.timeout() aborts with a DOMException named TimeoutError. */
export function isTimeoutReason(reason: unknown): boolean {
  return (reason as { name?: unknown } | null)?.name === "TimeoutError";
}
