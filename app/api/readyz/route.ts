// GET /api/readyz — readiness: database reachable and fully migrated
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/db/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness(getDb());
  return NextResponse.json(readiness, { status: readiness.ready ? 200 : 503 });
}
