// GET /api/overview — incidents, MTTA/MTTR, alert volume, noisy alerts and headline numbers (range: 24h, 7d, 30d)
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { getOverview } from "@/lib/overview/queries";
import { overviewQuerySchema } from "@/lib/overview/schemas";
import { describeIssues } from "@/lib/validation";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await requireUser("viewer");
    const query = overviewQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new VigilError("bad_request", describeIssues(query.error));
    return NextResponse.json(await getOverview(getDb(), query.data));
  } catch (err) {
    return errorResponse(err, { route: "GET /api/overview" });
  }
}
