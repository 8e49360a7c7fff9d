// GET /api/incidents/[id]/anomalies — the anomalies that opened or joined the incident, their correlated deploys, and the series behind them
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { getIncidentAnomalies } from "@/lib/incidents/anomalies/load";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("viewer");
    const { id } = await params;
    return NextResponse.json(await getIncidentAnomalies(getDb(), id));
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents/[id]/anomalies" });
  }
}
