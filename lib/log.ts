// Structured JSON logs (pino). Anything that belongs to an incident logs through
// `incidentLogger(traceId)` so every line carries the incident's trace id.
import pino from "pino";
import { env } from "@/lib/env";

export const log = pino({
  level: env.LOG_LEVEL,
  base: { service: "vigil" },
  timestamp: pino.stdTimeFunctions.isoTime,
  // Never let credentials reach a log line, whatever object gets logged.
  redact: {
    paths: [
      "authorization",
      "password",
      "passwordHash",
      "token",
      "*.authorization",
      "*.password",
      "*.passwordHash",
      "*.token",
      "headers.cookie",
      "*.headers.authorization",
      "*.headers.cookie",
    ],
    censor: "[redacted]",
  },
});

export function incidentLogger(traceId: string, bindings: Record<string, unknown> = {}) {
  return log.child({ traceId, ...bindings });
}
