// GET /api/demo — the demo application's workloads, active faults and the fault kinds (demo only).
import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { demoRequest } from "@/lib/demo/client";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await requireUser("viewer");
    return NextResponse.json(await demoRequest("/state"));
  } catch (err) {
    return errorResponse(err, { route: "GET /api/demo" });
  }
}
