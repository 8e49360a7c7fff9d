// Whether an executed action worked: verifying (with the latest check), verified, or not
// effective — each check (rollout, alerts, PromQL) with a mark and its detail.
import type { VerificationView } from "@/lib/client/action-controls";
import { RelativeTime } from "@/components/relative-time";

const mark = (ok: boolean | null) => (ok === null ? "–" : ok ? "✓" : "✗");

export function VerificationStatus({ view, headingId }: { view: VerificationView; headingId: string }) {
  const { check } = view;
  return (
    <section
      className={`verification verification-${view.status}`}
      aria-labelledby={headingId}
      data-testid="verification"
      data-status={view.status}
    >
      <h4 id={headingId}>
        Verification: <span data-testid="verification-label">{view.label}</span>
        {view.status === "pending" && <span className="spinner inline-spinner" aria-hidden="true" />}
      </h4>
      {check ? (
        <>
          <ul className="checks">
            <li data-ok={check.rollout.ready}>
              <span aria-hidden="true">{mark(check.rollout.ready)}</span> Rollout: {check.rollout.detail}
              {check.rollout.revision && <span data-testid="verification-revision"> (revision {check.rollout.revision})</span>}
            </li>
            <li data-ok={check.alerts.cleared}>
              <span aria-hidden="true">{mark(check.alerts.cleared)}</span> Alerts: {check.alerts.detail}
            </li>
            <li data-ok={check.promql.cleared ?? "unknown"}>
              <span aria-hidden="true">{mark(check.promql.cleared)}</span> PromQL: {check.promql.detail}
            </li>
          </ul>
          <p className="muted">
            Last checked <RelativeTime iso={check.checkedAt} />
          </p>
        </>
      ) : (
        view.status === "pending" && (
          <p className="muted">The first check runs within a few seconds: the rollout must be ready and the alerts resolved.</p>
        )
      )}
    </section>
  );
}
