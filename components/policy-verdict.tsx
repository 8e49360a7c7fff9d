// The guard's verdict on an action: allowed or refused, with every reason the policy gave —
// the failing ones first and marked, since they are why — and whether it may run on its own.
import type { PolicyVerdict as Verdict } from "@/lib/client/action-view";
import { orderedReasons } from "@/lib/client/action-view";

export function PolicyVerdict({ verdict, headingId }: { verdict: Verdict; headingId: string }) {
  const reasons = orderedReasons(verdict.reasons);
  return (
    <section
      className={`verdict ${verdict.allowed ? "verdict-allowed" : "verdict-refused"}`}
      aria-labelledby={headingId}
      data-testid="policy-verdict"
      data-allowed={verdict.allowed}
    >
      <h4 id={headingId}>
        <span aria-hidden="true">{verdict.allowed ? "✓ " : "✗ "}</span>
        {verdict.allowed ? "Allowed by policy" : "Refused by policy"}
      </h4>
      <ul className="reasons">
        {reasons.map((r) => (
          <li
            key={`${r.rule}:${r.message}`}
            className={r.ok ? "reason-ok" : "reason-fail"}
            data-testid="policy-reason"
            data-ok={r.ok}
            data-rule={r.rule}
          >
            <span className="reason-mark" aria-hidden="true">
              {r.ok ? "✓" : "✗"}
            </span>
            <span className="sr-only">{r.ok ? "Passed: " : "Failed: "}</span>
            <span>{r.message}</span>
          </li>
        ))}
      </ul>
      {verdict.autonomous?.allowed && (
        <p className="muted" data-testid="autonomous-verdict">
          May run without a click: {verdict.autonomous.reason}
        </p>
      )}
    </section>
  );
}
