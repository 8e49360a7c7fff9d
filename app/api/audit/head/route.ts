// POST /api/audit/head — verify the audit chain and export its head outside the database now: the head file, the log, the webhook (admins)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { exportAuditHead, headOutputsFromEnv } from "@/lib/audit/head";

export const dynamic = "force-dynamic";

export async function POST() {
  try {
    const user = await requireUser("admin");
    const by = { type: "user" as const, id: user.id };
    const exported = await exportAuditHead(getDb(), { by, key: serverCheckpointKey(), outputs: headOutputsFromEnv() });
    // Nothing was exported (a broken chain is never anchored): 409, with the verdict that says why.
    if (!exported.ok)
      throw new VigilError("conflict", `the chain head was not exported: ${exported.reason}`, { verification: exported.verification });
    return NextResponse.json(exported, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "POST /api/audit/head" });
  }
}
