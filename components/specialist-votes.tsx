// Ensemble mode: how the network, database and compute specialists voted on the root cause,
// which cause won, and how the merged answer was written. Live while they answer.
import type { VotesView } from "@/lib/rca/ensemble/votes-view";
import { confidencePercent, rootCauseText } from "@/lib/rca/labels";

export function SpecialistVotes({ view }: { view: VotesView }) {
  return (
    <section className="specialist-votes" aria-labelledby="votes-heading" data-testid="specialist-votes">
      <h3 id="votes-heading">Specialists&apos; votes</h3>
      <ul>
        {view.rows.map((r) => (
          <li
            key={r.specialist}
            data-testid="specialist-vote"
            data-specialist={r.specialist}
            data-cause={r.cause}
            data-won={r.won ? "true" : undefined}
          >
            <strong>{r.label}</strong> — {r.causeText}
            {!r.abstained && <span className="muted"> · {confidencePercent(r.confidence)}%</span>}
            <span className="muted"> · {r.source === "model" ? "model" : "rule engine"}</span>
            {r.won && <span className="label"> winner</span>}
            {r.fallbackReason && <span className="muted"> (model not used: {r.fallbackReason})</span>}
          </li>
        ))}
        {view.waiting.map((s) => (
          <li key={s} className="muted" data-testid="specialist-waiting">
            <span className="spinner" aria-hidden="true" /> {s} specialist is analysing…
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="vote-tally">
        {view.totals.length ? `Vote: ${view.totals.join("; ")}.` : "No specialist found a cause in its domain."}
        {view.winner && ` Winner: ${rootCauseText(view.winner)}.`} {view.director}
      </p>
    </section>
  );
}
