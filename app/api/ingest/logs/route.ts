// POST /api/ingest/logs — store a batch of log entries (≤ 1,000), with an API key holding ingest:logs
import { handleIngest } from "@/lib/ingest/route";
import { logsBatchSchema } from "@/lib/ingest/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleIngest(request, "logs", logsBatchSchema);
}
