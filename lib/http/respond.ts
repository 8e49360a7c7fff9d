// Turns errors into HTTP responses: expected ones (VigilError) say what went wrong;
// anything else is logged with an id and answered with a generic message. Database
// outages answer 503 with Retry-After, because a retry can succeed. `errorReply` is the
// answer itself, for a handler outside Next.js (lib/alerts/ingest-listener.ts).
import { NextResponse } from "next/server";
import { VigilError, newErrorId } from "@/lib/errors";
import { isTransientDbError } from "@/lib/db/errors";
import { log } from "@/lib/log";

/** An HTTP answer with a JSON body, whatever server sends it. */
export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export function errorReply(err: unknown, context: Record<string, unknown> = {}): Reply {
  if (err instanceof VigilError) return { status: err.status, body: { error: err.code, message: err.message, ...err.details } };
  const errorId = newErrorId();
  if (isTransientDbError(err)) {
    log.warn({ ...context, errorId, err: (err as Error).message }, "database unavailable");
    return {
      status: 503,
      body: { error: "unavailable", message: "the database is unavailable; retry later", errorId },
      headers: { "Retry-After": "5" },
    };
  }
  log.error({ ...context, errorId, err }, "unexpected error");
  return { status: 500, body: { error: "internal", message: "unexpected error", errorId } };
}

export function replyResponse(reply: Reply): NextResponse {
  return NextResponse.json(reply.body, { status: reply.status, headers: reply.headers });
}

export function errorResponse(err: unknown, context: Record<string, unknown> = {}): NextResponse {
  return replyResponse(errorReply(err, context));
}
