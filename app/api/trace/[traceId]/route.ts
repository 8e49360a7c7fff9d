// GET /api/trace/[traceId] — the incident a trace id belongs to (read from a Kubernetes object's vigil.dev/trace-id annotation), and where its lineage is
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { traceIdSchema } from "@/lib/lineage/trace-id";
import { findIncidentByTrace } from "@/lib/lineage/lookup";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ traceId: string }> }) {
  try {
    await requireUser("viewer");
    const parsed = traceIdSchema.safeParse((await params).traceId);
    if (!parsed.success) throw new VigilError("bad_request", parsed.error.issues[0]?.message ?? "not a trace id");
    const match = await findIncidentByTrace(getDb(), parsed.data);
    if (!match) throw new VigilError("not_found", `no incident has trace id ${parsed.data}`);
    return NextResponse.json(match, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/trace/[traceId]" });
  }
}
