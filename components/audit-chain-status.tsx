// The audit trail's integrity, first thing on the page: intact, or where the chain broke and why.
"use client";

import Link from "next/link";
import { useAuditVerification } from "@/lib/client/queries";
import { useFullAuditVerification } from "@/lib/client/audit-commands";
import type { ChainVerdictJson } from "@/lib/client/api";
import { utcTime } from "@/lib/client/audit-view";
import { filtersToSearch, secondOf, type AuditFilters } from "@/lib/client/audit-filters";

const count = (n: number) => n.toLocaleString("en-US");

type Show = (filters: AuditFilters) => void;

function Verdict({ verdict, onShow }: { verdict: ChainVerdictJson; onShow: Show }) {
  if (verdict.ok) {
    return (
      <>
        <p className="audit-verdict" data-testid="chain-verdict">
          <span className="audit-verdict-mark" aria-hidden="true">
            ✓
          </span>
          Chain intact — {count(verdict.checked)} {verdict.checked === 1 ? "event" : "events"} verified
        </p>
        <p className="muted audit-chain-facts">
          Head hash <code className="audit-mono">{verdict.head}</code>
        </p>
        <CheckpointFacts verdict={verdict} />
      </>
    );
  }
  const e = verdict.event;
  return (
    <>
      <p className="audit-verdict" data-testid="chain-verdict">
        <span className="audit-verdict-mark" aria-hidden="true">
          ✗
        </span>
        Chain broken at event #{verdict.brokenAt}: {verdict.reason}
      </p>
      <p className="audit-chain-facts">
        The {count(verdict.checked)} {verdict.checked === 1 ? "event" : "events"} before it verified. It, or an event next to it, was
        changed, removed or reordered outside Vigil: the trail from here on cannot be trusted.{" "}
        {e && (
          <a
            href={filtersToSearch(secondOf(e.at))}
            data-testid="chain-show-event"
            onClick={(click) => {
              if (click.metaKey || click.ctrlKey || click.shiftKey || click.button !== 0) return;
              click.preventDefault();
              onShow(secondOf(e.at));
            }}
          >
            Show it in the log
          </a>
        )}
      </p>
      {e && (
        <dl className="kv audit-broken-event" data-testid="chain-broken-event">
          <dt>Event</dt>
          <dd>#{e.seq}</dd>
          <dt>Time (UTC)</dt>
          <dd>
            <time dateTime={e.at}>{utcTime(e.at)}</time>
          </dd>
          <dt>Action</dt>
          <dd className="audit-mono">{e.action}</dd>
          {e.incidentId && (
            <>
              <dt>Incident</dt>
              <dd>
                <Link href={`/incidents/${e.incidentId}`}>{e.incidentId}</Link>
              </dd>
            </>
          )}
          {(e.targetType || e.targetId) && (
            <>
              <dt>Target</dt>
              <dd>
                {e.targetType} <span className="audit-mono">{e.targetId}</span>
              </dd>
            </>
          )}
        </dl>
      )}
      <CheckpointFacts verdict={verdict} />
    </>
  );
}

/** Which check ran, from which checkpoint, and where it left the checkpoint. */
function CheckpointFacts({ verdict }: { verdict: ChainVerdictJson }) {
  if (!verdict.checkpoints) {
    return (
      <p className="muted audit-chain-facts">Checkpoints are off (no NEXTAUTH_SECRET to sign them): every check reads the whole chain.</p>
    );
  }
  const { from, recorded } = verdict;
  const recomputed = `${count(verdict.recomputed)} ${verdict.recomputed === 1 ? "event" : "events"} recomputed`;
  const checkpoint = from && `checkpoint #${from.seq} by ${from.verifiedBy} (${from.mode}) at`;
  return (
    <p className="muted audit-chain-facts" data-testid="chain-checkpoint">
      {verdict.mode === "full"
        ? "Full verification from the first event"
        : from
          ? `Incremental check from event #${from.seq}`
          : "First check, from the first event"}
      {" · "}
      {recomputed}
      {from && (
        <>
          {" · "}
          {checkpoint} <time dateTime={from.verifiedAt}>{utcTime(from.verifiedAt)}</time> UTC
        </>
      )}
      {recorded && <> · checkpoint moved to event #{recorded.seq}</>}
    </p>
  );
}

/** onShow narrows the log below to the broken event (the events of its second). */
export function AuditChainStatus({ onShow }: { onShow: Show }) {
  const query = useAuditVerification();
  const full = useFullAuditVerification();
  const busy = query.isFetching || full.pending;
  const state = query.isPending ? "pending" : query.isError ? "error" : query.data.ok ? "intact" : "broken";
  return (
    <section className="panel audit-chain" data-state={state} aria-labelledby="chain-heading" data-testid="chain-status">
      <div className="panel-head">
        <h2 id="chain-heading">Chain integrity</h2>
        <div className="audit-chain-actions">
          {/* The incremental check, from the last checkpoint: what the page runs when it opens. */}
          <button type="button" onClick={() => void query.refetch()} disabled={busy} data-testid="verify-again">
            {query.isFetching ? "Verifying…" : "Verify again"}
          </button>
          <button type="button" onClick={full.verify} disabled={busy} data-testid="verify-full">
            {full.pending ? "Verifying every event…" : "Full verification"}
          </button>
        </div>
      </div>
      {/* Announced when a verification finishes, so "Verify again" is heard, not only seen. */}
      <div role="status" aria-live="polite" aria-busy={busy}>
        {full.failure && <p className="notice error">Full verification failed: {full.failure}</p>}
        {query.isPending ? (
          <p className="pending-line">
            <span className="spinner" aria-hidden="true" /> Verifying the hash chain…
          </p>
        ) : query.isError ? (
          <p className="notice error">Could not verify the chain: {query.error.message}</p>
        ) : (
          <>
            <Verdict verdict={query.data} onShow={onShow} />
            <p className="muted audit-chain-facts">
              Checked at{" "}
              <time dateTime={new Date(query.dataUpdatedAt).toISOString()}>{utcTime(new Date(query.dataUpdatedAt).toISOString())}</time> UTC
            </p>
          </>
        )}
      </div>
    </section>
  );
}
