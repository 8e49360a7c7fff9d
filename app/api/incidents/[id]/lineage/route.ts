// GET /api/incidents/[id]/lineage — the incident's trace lineage: alerts → evidence → model and rules → proposals → policy → approvals → Kubernetes requests → verification
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { buildLineage } from "@/lib/lineage/build";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("viewer");
    const { id } = await params;
    const lineage = await buildLineage(getDb(), id);
    if (!lineage) throw new VigilError("not_found", `no incident ${id}`);
    return NextResponse.json(lineage, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents/[id]/lineage" });
  }
}
