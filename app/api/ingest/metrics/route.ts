// POST /api/ingest/metrics — store a batch of metric points (≤ 5,000), with an API key holding ingest:metrics
import { handleIngest } from "@/lib/ingest/route";
import { metricsBatchSchema } from "@/lib/ingest/schemas";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleIngest(request, "metrics", metricsBatchSchema);
}
