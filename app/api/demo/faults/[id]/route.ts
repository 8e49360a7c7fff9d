// DELETE /api/demo/faults/:id — clears a demo fault the way an engineer would fix it by hand.
import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { demoRequest } from "@/lib/demo/client";

export const dynamic = "force-dynamic";

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("responder");
    const { id } = await params;
    return NextResponse.json(await demoRequest(`/faults/${encodeURIComponent(id)}`, { method: "DELETE" }));
  } catch (err) {
    return errorResponse(err, { route: "DELETE /api/demo/faults/:id" });
  }
}
