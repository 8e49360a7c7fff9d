// GET/POST /api/admin/api-keys — list the ingestion API keys; create one, its secret shown once (admins)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { readLimitedBody } from "@/lib/http/read-body";
import { createApiKey, listApiKeys } from "@/lib/ingest/keys";
import { createApiKeySchema, parseIngestBody } from "@/lib/ingest/schemas";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await requireUser("admin");
    return NextResponse.json({ items: await listApiKeys(getDb()) }, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/admin/api-keys" });
  }
}

export async function POST(request: Request) {
  try {
    const user = await requireUser("admin");
    const input = parseIngestBody(await readLimitedBody(request, 16 * 1024), createApiKeySchema);
    const created = await createApiKey(getDb(), input, user.id);
    return NextResponse.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err, { route: "POST /api/admin/api-keys" });
  }
}
