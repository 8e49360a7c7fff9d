// Turns errors into HTTP responses: expected ones (VigilError) say what went wrong;
// anything else is logged with an id and answered with a generic message. Database
// outages answer 503 with Retry-After, because a retry can succeed.
import { NextResponse } from "next/server";
import { VigilError, newErrorId } from "@/lib/errors";
import { isTransientDbError } from "@/lib/db/errors";
import { log } from "@/lib/log";

export function errorResponse(err: unknown, context: Record<string, unknown> = {}): NextResponse {
  if (err instanceof VigilError) {
    return NextResponse.json({ error: err.code, message: err.message, ...err.details }, { status: err.status });
  }
  const errorId = newErrorId();
  if (isTransientDbError(err)) {
    log.warn({ ...context, errorId, err: (err as Error).message }, "database unavailable");
    return NextResponse.json(
      { error: "unavailable", message: "the database is unavailable; retry later", errorId },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  log.error({ ...context, errorId, err }, "unexpected error");
  return NextResponse.json({ error: "internal", message: "unexpected error", errorId }, { status: 500 });
}
