// GET /api/audit/verify — recompute the audit hash chain and report the first broken link (admins)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { verifyAuditChain } from "@/lib/audit/verify";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await requireUser("admin");
    // A broken chain is a finding, not a failed request: 200 with ok=false and where it broke.
    return NextResponse.json(await verifyAuditChain(getDb()), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/audit/verify" });
  }
}
