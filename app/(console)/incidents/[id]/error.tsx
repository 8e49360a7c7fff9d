// The incident page failed to render (the database unreachable, a bug): a plain message, the
// event id the server logged it under, and a way to try again — never the error's own text.
"use client";

import Link from "next/link";

export default function IncidentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel" role="alert" aria-labelledby="incident-error-heading" data-testid="incident-error">
      <h1 id="incident-error-heading">This incident could not be shown</h1>
      <p>Something went wrong on the server. Trying again usually helps; if it keeps failing, the server log has the details.</p>
      {error.digest && <p className="muted">Error id: {error.digest}</p>}
      <div className="row">
        <button type="button" className="primary" onClick={reset}>
          Try again
        </button>
        <Link href="/">Back to the incident list</Link>
      </div>
    </section>
  );
}
