// One error type for expected failures. Its code decides the HTTP status; anything that
// is not a VigilError is unexpected: logged with an id, shown to users as a generic message.
import { randomUUID } from "node:crypto";

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "VigilError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function newErrorId(): string {
  return randomUUID();
}
