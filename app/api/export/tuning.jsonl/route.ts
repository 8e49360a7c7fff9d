// GET /api/export/tuning.jsonl — resolved, verified incidents as QLoRA chat JSONL, streamed (admins)
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { exportTuningStream } from "@/lib/export/tuning-stream";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const user = await requireUser("admin");
    const date = new Date().toISOString().slice(0, 10);
    return new Response(exportTuningStream(getDb(), { type: "user", id: user.id }), {
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Content-Disposition": `attachment; filename="vigil-tuning-${date}.jsonl"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err, { route: "GET /api/export/tuning.jsonl" });
  }
}
