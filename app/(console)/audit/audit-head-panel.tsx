// The exported chain head: whether the chain still holds to the last head exported outside
// the database, "Export chain head now", and a form to hold it to a head pasted from the log
// aggregator (the `vigil_audit_head` log lines) or a webhook's receiver.
"use client";

import type { FormEvent } from "react";
import { useAuditVerification } from "@/lib/client/queries";
import { utcTime } from "@/lib/client/audit-view";
import type { ChainVerdictJson } from "@/lib/client/api";
import { useExportAuditHead, useVerifyAgainstHead } from "@/app/(console)/audit/head-commands";

type ExportedHead = NonNullable<ChainVerdictJson["exportedHead"]>;

function HeadFacts({ head }: { head: ExportedHead | null }) {
  if (!head) {
    return (
      <p className="muted audit-chain-facts" data-testid="exported-head">
        No exported head to hold the chain to: none in the head file yet (a minute after start, then hourly), or the file is off.
      </p>
    );
  }
  const from = head.source === "file" ? "the last head in the head file" : "the head you gave";
  return (
    <>
      <p className="audit-verdict" data-testid="exported-head">
        <span className="audit-verdict-mark" aria-hidden="true">
          {head.ok ? "✓" : "✗"}
        </span>
        {head.ok
          ? `The chain holds to event #${head.seq}, ${from}`
          : head.seq
            ? `The chain does not hold to event #${head.seq}, ${from}: ${head.reason}`
            : `The exported head could not be read: ${head.reason}`}
      </p>
      {head.hash && (
        <p className="muted audit-chain-facts">
          Exported hash <code className="audit-mono">{head.hash}</code>
          {head.exportedAt && (
            <>
              {" · "}exported at <time dateTime={head.exportedAt}>{utcTime(head.exportedAt)}</time> UTC
            </>
          )}
        </p>
      )}
    </>
  );
}

export function AuditHeadPanel() {
  const query = useAuditVerification();
  const exporting = useExportAuditHead();
  const checking = useVerifyAgainstHead();
  const busy = query.isFetching || exporting.pending || checking.pending;
  const head = query.data?.exportedHead ?? null;
  const outcome = checking.outcome ?? exporting.outcome;
  // A verification that ran but found the chain broken is as alarming as a refusal.
  const alarming = outcome && (!outcome.ok || ("verification" in outcome && outcome.verification?.ok === false));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    checking.verify({ seq: String(form.get("seq") ?? ""), hash: String(form.get("hash") ?? "") });
  };
  return (
    <section
      className="panel audit-chain"
      data-state={head ? (head.ok ? "intact" : "broken") : "pending"}
      aria-labelledby="head-heading"
      data-testid="audit-head"
    >
      <div className="panel-head">
        <h2 id="head-heading">Exported chain head</h2>
        <div className="audit-chain-actions">
          <button type="button" onClick={exporting.exportHead} disabled={busy} data-testid="export-head">
            {exporting.pending ? "Exporting…" : "Export chain head now"}
          </button>
        </div>
      </div>
      <p className="muted audit-chain-facts">
        Hourly, the newest event&apos;s sequence number and hash go outside the database, where its owner cannot rewrite them: the head
        file, a warn log line keyed <code>vigil_audit_head</code>, and a webhook if one is set. Every check holds the chain to the last one.
      </p>
      <div role="status" aria-live="polite" aria-busy={busy}>
        {outcome && (
          <p className={alarming ? "notice error" : "notice"} data-testid="audit-head-outcome">
            {outcome.message}
          </p>
        )}
        {!query.isPending && !query.isError && <HeadFacts head={head} />}
      </div>
      <h3 id="head-form-heading">Verify against an exported head</h3>
      <form className="filters audit-filters" onSubmit={submit} aria-labelledby="head-form-heading" data-testid="verify-head-form">
        <label>
          Sequence number
          <input name="seq" inputMode="numeric" required autoComplete="off" className="audit-mono" data-testid="verify-head-seq" />
        </label>
        <label>
          Hash
          <input
            name="hash"
            required
            autoComplete="off"
            spellCheck={false}
            className="audit-mono audit-trace-input"
            data-testid="verify-head-hash"
          />
        </label>
        <div className="audit-filter-buttons">
          <button type="submit" disabled={busy} data-testid="verify-head-submit">
            {checking.pending ? "Verifying…" : "Verify against this head"}
          </button>
        </div>
      </form>
    </section>
  );
}
