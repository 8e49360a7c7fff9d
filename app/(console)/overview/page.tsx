import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { getOverview } from "@/lib/overview/queries";
import { overviewQuerySchema } from "@/lib/overview/schemas";
import { toJson } from "@/lib/json";
import { OverviewView } from "@/components/overview-view";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  await requireUser("viewer");
  const { range } = await searchParams;
  // An unknown range falls back to the default here; the view says so.
  const query = overviewQuerySchema.safeParse({ range: typeof range === "string" ? range : undefined });
  const overview = await getOverview(getDb(), query.success ? query.data : overviewQuerySchema.parse({}));
  return <OverviewView initial={toJson(overview)} />;
}
