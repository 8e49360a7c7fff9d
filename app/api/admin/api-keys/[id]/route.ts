// DELETE /api/admin/api-keys/[id] — revoke an ingestion API key (admins); revoking twice is a no-op
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { revokeApiKey } from "@/lib/ingest/keys";

export const dynamic = "force-dynamic";

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("admin");
    const { id } = await params;
    return NextResponse.json(await revokeApiKey(getDb(), id, user.id));
  } catch (err) {
    return errorResponse(err, { route: "DELETE /api/admin/api-keys/[id]" });
  }
}
