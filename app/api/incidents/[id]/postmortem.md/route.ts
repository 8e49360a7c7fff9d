// GET /api/incidents/[id]/postmortem.md — the incident's post-mortem as a Markdown download (signed-in users)
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { exportPostmortem } from "@/lib/postmortem/export";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser("viewer");
    const { id } = await params;
    const file = await exportPostmortem(getDb(), id, new Date());
    if (!file) throw new VigilError("not_found", `no incident ${id}`);
    return new Response(file.markdown, {
      headers: {
        "Content-Type": "text/markdown; charset=utf-8",
        // The name is ours (INC-<number>), never user text: no quoting to get wrong.
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/incidents/[id]/postmortem.md" });
  }
}
