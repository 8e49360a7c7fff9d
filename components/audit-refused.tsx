// What a signed-in user without the admin role sees at /audit: a refusal that says why, not an error page.
import Link from "next/link";

export function AuditRefused({ reason }: { reason: string }) {
  return (
    <section className="panel" aria-labelledby="audit-refused-heading" data-testid="audit-refused">
      <h1 id="audit-refused-heading">Audit log</h1>
      <p role="alert" className="notice error">
        <strong>403 — not allowed.</strong> The audit log is for administrators: {reason}.
      </p>
      <p>
        Ask an admin if you need to see it. <Link href="/">Back to incidents</Link>
      </p>
    </section>
  );
}
