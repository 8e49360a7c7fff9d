// The investigation's conclusion: root cause, confidence, summary, what would decide an
// undecided cause, reasoning and cited evidence — or where the run stands when there is no
// conclusion yet, live as it streams.
import type { IncidentJson } from "@/lib/client/api";
import type { LiveRun } from "@/lib/client/stream-state";
import { engineText, rootCauseText, runStatusLabel } from "@/lib/rca/labels";
import { formatDuration, runDurationMs, runPhase } from "@/lib/incidents/run-view";
import { CitationChip, RefText, type ShowEvidence } from "@/components/citation-chip";
import { ConfidenceMeter } from "@/components/confidence-meter";
import { RelativeTime } from "@/components/relative-time";
import { RunSteps } from "@/components/run-steps";
import { LiveInvestigation, LiveRunFacts } from "@/components/live-investigation";
import { ModelFallbackNotice } from "@/components/model-fallback-notice";
import { ResultSkeleton } from "@/components/result-skeleton";
import { SpecialistVotes } from "@/components/specialist-votes";
import { ensembleFromStepOutput } from "@/lib/rca/ensemble/record";
import { votesFromLive, votesFromRecord } from "@/lib/rca/ensemble/votes-view";

type Run = NonNullable<IncidentJson["latestRun"]>;
type Props = {
  run: Run | null;
  /** A live run to show in place of the stored one (lib/client/live-run.ts decides). */
  live: LiveRun | null;
  /** Why the model's answer was set aside, when it was. */
  fallbackReason: string | null;
  titles: ReadonlyMap<string, string>;
  onShowEvidence: ShowEvidence;
};

function RunFacts({ run }: { run: Run }) {
  const took = runDurationMs(run);
  return (
    <p className="run-facts muted">
      <span data-testid="rca-engine">{engineText(run.engine, run.model)}</span>
      <span>
        {run.status === "queued" ? "queued " : "started "}
        <RelativeTime iso={run.startedAt ?? run.createdAt} />
      </span>
      {took !== null && run.finishedAt && <span>took {formatDuration(took)}</span>}
      {run.attempt > 1 && <span>attempt {run.attempt}</span>}
      {run.promptTokens !== null && <span>{run.promptTokens.toLocaleString("en")} tokens of evidence</span>}
    </p>
  );
}

/** For an `unknown` (or a weak answer): the facts that would have decided it, for a responder to go and check. */
function MissingFacts({ missing }: { missing: readonly string[] }) {
  return (
    <>
      <h3 id="missing-heading">What would decide it</h3>
      <ul className="rca-missing" aria-labelledby="missing-heading" data-testid="rca-missing">
        {missing.map((fact, i) => (
          <li key={i}>{fact}</li>
        ))}
      </ul>
    </>
  );
}

function Conclusion({ rca, titles, onShowEvidence }: { rca: NonNullable<Run["rca"]> } & Pick<Props, "titles" | "onShowEvidence">) {
  return (
    <>
      <p className="rca-cause" data-testid="rca-root-cause" data-cause={rca.rootCause}>
        {rootCauseText(rca.rootCause)}
      </p>
      <ConfidenceMeter confidence={rca.confidence} />
      <p className="rca-summary" data-testid="rca-summary">
        {rca.summary}
      </p>
      {rca.missing && rca.missing.length > 0 && <MissingFacts missing={rca.missing} />}
      {rca.reasoning && (
        <>
          <h3>Reasoning</h3>
          <p className="rca-reasoning">
            <RefText text={rca.reasoning} titles={titles} onShow={onShowEvidence} />
          </p>
        </>
      )}
      <h3 id="citations-heading">Cited evidence</h3>
      <ul className="chips" aria-labelledby="citations-heading">
        {rca.citations.map((c) => (
          <li key={c}>
            <CitationChip citation={c} title={titles.get(c)} onShow={onShowEvidence} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function RcaPanel({ run, live, fallbackReason, titles, onShowEvidence }: Props) {
  const phase = live ? "pending" : runPhase(run);
  // Ensemble mode: the votes as they arrive, then as the engine step recorded them.
  const stored = run ? ensembleFromStepOutput(run.steps.find((s) => s.kind === "engine")?.output) : null;
  const votes = live ? (live.specialists.length ? votesFromLive(live.specialists) : null) : stored && votesFromRecord(stored);
  return (
    <section className="panel rca-panel" aria-labelledby="rca-heading" data-testid="rca-panel" data-phase={phase}>
      <h2 id="rca-heading">Root cause analysis</h2>
      {live && live.runId !== run?.id ? <LiveRunFacts run={live} /> : run && <RunFacts run={run} />}
      {fallbackReason && <ModelFallbackNotice reason={fallbackReason} />}
      {phase === "none" && <p className="rca-placeholder muted">No investigation has run for this incident yet.</p>}
      {live && <LiveInvestigation run={live} />}
      {live && votes && <SpecialistVotes view={votes} />}
      {phase === "pending" && !live && run && (
        <>
          <p className="rca-placeholder" role="status">
            <span className="spinner" aria-hidden="true" />{" "}
            {run.status === "queued" ? "Queued — investigating shortly…" : runStatusLabel.running}
          </p>
          <ResultSkeleton />
        </>
      )}
      {phase === "failed" && run && (
        <p className="notice error" data-testid="rca-error">
          <strong>The investigation failed.</strong> <span className="rca-error-text">{run.error ?? "No reason was recorded."}</span>
        </p>
      )}
      {phase === "cancelled" && <p className="notice">The investigation was cancelled.</p>}
      {phase === "unreadable" && <p className="notice error">The result of this run could not be read.</p>}
      {phase === "done" && run?.rca && <Conclusion rca={run.rca} titles={titles} onShowEvidence={onShowEvidence} />}
      {phase === "done" && votes && <SpecialistVotes view={votes} />}
      {/* While a run streams, its steps are shown live above; the stored list is for after. */}
      {!live && run && run.steps.length > 0 && <RunSteps steps={run.steps} />}
    </section>
  );
}
