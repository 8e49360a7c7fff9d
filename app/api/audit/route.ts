// GET /api/audit — the audit trail, newest first (filters: action or prefix, actor, incident, trace, from/to; cursor pagination; admins)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { describeIssues } from "@/lib/validation";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await requireUser("admin");
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = auditQuerySchema.safeParse(params);
    if (!query.success) throw new VigilError("bad_request", describeIssues(query.error));
    return NextResponse.json(await listAuditEvents(getDb(), query.data), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/audit" });
  }
}
