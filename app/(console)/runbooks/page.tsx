// /runbooks — the runbook library: search (the same search investigations use), the list,
// upload for responders and admins, sync now and delete for admins.
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import { VigilError } from "@/lib/errors";
import { toJson } from "@/lib/json";
import { listRunbooks } from "@/lib/runbooks/library";
import { searchRunbooks } from "@/lib/runbooks/search";
import { embedderFromEnv, runbookFolder } from "@/lib/runbooks/runtime";
import { RunbookLibrary } from "@/components/runbooks/runbook-library";
import { RunbookSearch } from "@/components/runbooks/runbook-search";
import "./runbooks.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Runbooks" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RunbooksPage({ searchParams }: { searchParams: SearchParams }) {
  let user;
  try {
    user = await requireUser("viewer");
  } catch (err) {
    if (err instanceof VigilError && err.code === "unauthorized") redirect("/signin?callbackUrl=%2Frunbooks");
    throw err;
  }
  const q = (await searchParams).q;
  const query = (typeof q === "string" ? q : "").trim().slice(0, 500);
  const db = getDb();
  const [runbooks, hits] = await Promise.all([
    listRunbooks(db),
    query
      ? searchRunbooks(db, { alerts: [], primary: [query], secondary: [] }, { embedder: embedderFromEnv(), limit: 10 })
      : Promise.resolve(null),
  ]);
  return (
    <>
      <h1>Runbooks</h1>
      <p className="muted">
        Investigations cite the runbooks that match an incident as evidence; an alert&apos;s runbook_url links straight to its runbook here.
      </p>
      <RunbookSearch query={query} hits={hits} />
      <RunbookLibrary
        runbooks={toJson(runbooks)}
        canUpload={hasRole(user.role, "responder")}
        isAdmin={user.role === "admin"}
        folder={user.role === "admin" ? runbookFolder() : null}
      />
    </>
  );
}
