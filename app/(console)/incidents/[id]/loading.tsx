// While the incident page renders on the server: its shape at once, so a click from the
// list answers immediately and the page does not jump when it arrives.
import { ResultSkeleton } from "@/components/result-skeleton";

export default function IncidentLoading() {
  return (
    <div role="status" aria-live="polite" data-testid="incident-loading">
      <span className="sr-only">Loading the incident…</span>
      <section className="panel" aria-hidden="true">
        <ResultSkeleton />
      </section>
      <section className="panel rca-panel" data-phase="pending" aria-hidden="true">
        <ResultSkeleton />
      </section>
    </div>
  );
}
