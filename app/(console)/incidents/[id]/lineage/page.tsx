import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { buildLineage } from "@/lib/lineage/build";
import { SeverityBadge, StateBadge } from "@/components/badges";
import { LineageView } from "@/components/lineage-view";
import { TraceSearch } from "@/components/trace-search";
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Trace lineage" };

export default async function LineagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser("viewer");
  const { id } = await params;
  const lineage = await buildLineage(getDb(), id);
  if (!lineage) notFound();
  const { incident } = lineage;
  return (
    <>
      <section className="panel" aria-labelledby="lineage-title">
        <nav aria-label="Breadcrumb" className="muted">
          <Link href={`/incidents/${incident.id}`} data-testid="lineage-incident-link">
            INC-{incident.number}
          </Link>{" "}
          / Trace lineage
        </nav>
        <h1 id="lineage-title" data-testid="lineage-title">
          {incident.title}
        </h1>
        <div className="row" style={{ marginBottom: 12 }}>
          <SeverityBadge severity={incident.severity as Severity} />
          <StateBadge state={incident.state as IncidentState} />
        </div>
        <dl className="kv">
          <dt>Trace id</dt>
          <dd>
            <code className="label" data-testid="lineage-trace-id">
              {incident.traceId}
            </code>
          </dd>
        </dl>
        <p className="muted lineage-intro">
          Every step below carries this trace id — the model requests, the audit events, and each Kubernetes write as the{" "}
          <code className="label">vigil.dev/trace-id</code> annotation and the field manager. Open a step to see its record.
        </p>
        <TraceSearch />
      </section>
      <LineageView initial={lineage} />
    </>
  );
}
