// GET /api/incidents/[id]/metrics — the alert's metric around the incident, with rollout/change/action markers and the anomaly window
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { portsFromEnv } from "@/lib/investigation/runtime";
import { getIncidentMetrics } from "@/lib/incidents/metrics/load";
import { incidentMetricsQuerySchema } from "@/lib/incidents/metrics/schemas";
import { describeIssues } from "@/lib/validation";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("viewer");
    const { id } = await params;
    const query = incidentMetricsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new VigilError("bad_request", describeIssues(query.error));
    return NextResponse.json(await getIncidentMetrics(getDb(), id, portsFromEnv(), query.data));
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents/[id]/metrics" });
  }
}
