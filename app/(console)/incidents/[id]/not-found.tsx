// An incident id that does not exist (a mistyped or stale link): say so, and lead back.
import Link from "next/link";

export default function IncidentNotFound() {
  return (
    <section className="panel" aria-labelledby="not-found-heading" data-testid="incident-not-found">
      <h1 id="not-found-heading">No such incident</h1>
      <p>This link does not lead to an incident Vigil knows: it may have been mistyped, or come from another Vigil.</p>
      <p>
        <Link href="/">Back to the incident list</Link>
      </p>
    </section>
  );
}
