// W3C trace-context ids. An incident's trace id is minted once at birth and carried by
// every job, log line, model request, audit event and Kubernetes write.
import { randomBytes } from "node:crypto";

const TRACE_ID = /^[0-9a-f]{32}$/;
const INVALID = "0".repeat(32);

export function newTraceId(): string {
  // 16 random bytes; all-zero is the one invalid value and is astronomically unlikely.
  let id = randomBytes(16).toString("hex");
  while (id === INVALID) id = randomBytes(16).toString("hex");
  return id;
}

export function isTraceId(value: string): boolean {
  return TRACE_ID.test(value) && value !== INVALID;
}

/** A `traceparent` header value for a new span under the incident's trace. */
export function traceparent(traceId: string): string {
  return `00-${traceId}-${randomBytes(8).toString("hex")}-01`;
}
