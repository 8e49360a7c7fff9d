// GET /api/incidents/[id] — one incident with its alerts, timeline and latest investigation
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { getIncident } from "@/lib/incidents/queries";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("viewer");
    const { id } = await params;
    const incident = await getIncident(getDb(), id);
    if (!incident) throw new VigilError("not_found", `no incident ${id}`);
    return NextResponse.json(incident);
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents/[id]" });
  }
}
