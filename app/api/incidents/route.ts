// GET /api/incidents — list incidents (filters: state, severity, namespace, owner=me|none, q; sort; cursor pagination)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { listIncidents } from "@/lib/incidents/queries";
import { listIncidentsQuerySchema } from "@/lib/incidents/schemas";
import { describeIssues } from "@/lib/validation";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const user = await requireUser("viewer");
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = listIncidentsQuerySchema.safeParse(params);
    if (!query.success) throw new VigilError("bad_request", describeIssues(query.error));
    return NextResponse.json(await listIncidents(getDb(), query.data, user.id));
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents" });
  }
}
