// GET /api/audit/verify — check the audit hash chain from the last checkpoint (?mode=full: from the first event), held to the last exported head (?headSeq=…&headHash=…: to that one), and report the first broken link (admins)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { describeIssues } from "@/lib/validation";
import { auditVerifyWithHeadSchema } from "@/lib/audit/head-schemas";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { expectedHead } from "@/lib/audit/head-file";
import { verifyAuditTrail } from "@/lib/audit/verification";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const user = await requireUser("admin");
    const query = auditVerifyWithHeadSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new VigilError("bad_request", describeIssues(query.error));
    const verification = await verifyAuditTrail(getDb(), {
      mode: query.data.mode,
      by: { type: "user", id: user.id },
      key: serverCheckpointKey(),
      head: await expectedHead(query.data.head),
    });
    // A broken chain is a finding, not a failed request: 200 with ok=false and where it broke.
    return NextResponse.json(verification, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/audit/verify" });
  }
}
