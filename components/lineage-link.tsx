// The way from an incident page to its trace lineage.
import "@/app/styles/lineage.css";
import Link from "next/link";
import { lineagePath } from "@/lib/lineage/paths";

export function LineageLink({ incidentId }: { incidentId: string }) {
  return (
    <p className="lineage-link">
      <span aria-hidden="true">⎈ </span>
      <Link href={lineagePath(incidentId)} data-testid="trace-lineage-link">
        Trace lineage
      </Link>
      <span className="muted"> — from the alert to each Kubernetes request, by this incident&apos;s trace id</span>
    </p>
  );
}
