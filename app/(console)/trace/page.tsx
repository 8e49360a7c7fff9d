import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { parseTraceId } from "@/lib/lineage/trace-id";
import { tracePath } from "@/lib/lineage/paths";
import { TraceSearch } from "@/components/trace-search";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Find a trace" };

// /trace?id=… — the trace search box's target: a trace id goes on to /trace/<id>.
export default async function TraceSearchPage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  await requireUser("viewer");
  const raw = (await searchParams).id;
  const input = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 300) ?? "";
  const traceId = input ? parseTraceId(input) : null;
  if (traceId) redirect(tracePath(traceId));
  return (
    <section className="panel" aria-labelledby="trace-search-title">
      <h1 id="trace-search-title">Find an incident by trace id</h1>
      <p className="muted">
        Any change Vigil made in the cluster carries its incident&apos;s trace id; paste it here to see how it came about.
      </p>
      <TraceSearch
        defaultValue={input}
        error={input ? "That is not a trace id: it is 32 hexadecimal characters (the vigil.dev/trace-id annotation)." : null}
      />
    </section>
  );
}
