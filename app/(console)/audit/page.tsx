import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { VigilError } from "@/lib/errors";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { filtersFromParams } from "@/lib/client/audit-filters";
import { toJson } from "@/lib/json";
import { AuditLog } from "@/components/audit-log";
import { AuditRefused } from "@/components/audit-refused";
import { AuditHeadPanel } from "@/app/(console)/audit/audit-head-panel";
import "@/app/styles/audit.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  try {
    await requireUser("admin");
  } catch (err) {
    // Viewers and responders are told why; the API refuses them with 403 just the same.
    if (err instanceof VigilError && err.code === "forbidden") return <AuditRefused reason={err.message} />;
    if (err instanceof VigilError && err.code === "unauthorized") redirect("/signin?callbackUrl=%2Faudit");
    throw err;
  }
  const filters = filtersFromParams(await searchParams);
  const query = auditQuerySchema.safeParse(filters);
  // Invalid filters render no first page: the client asks the API, whose 400 names the field.
  const initial = query.success ? toJson(await listAuditEvents(getDb(), query.data)) : undefined;
  return (
    <>
      <AuditLog initial={initial} initialFilters={filters} />
      <AuditHeadPanel />
    </>
  );
}
