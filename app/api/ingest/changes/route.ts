// POST /api/ingest/changes — store a batch of deploys and config changes (≤ 100), with an API key holding ingest:changes
import { handleIngest } from "@/lib/ingest/route";
import { changesBatchSchema } from "@/lib/ingest/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleIngest(request, "changes", changesBatchSchema);
}
