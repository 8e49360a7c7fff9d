// A run in progress, as it streams: its steps with their timings, the evidence gathered,
// and the model's reasoning while it is being written. Shown in the RCA panel's reserved
// room until the stored run catches up.
import type { LiveRun } from "@/lib/client/stream-state";
import { liveStepLabel, toolCallLabel } from "@/lib/client/live-run";
import { partialReasoning } from "@/lib/client/partial-reasoning";
import { formatDuration } from "@/lib/incidents/run-view";
import { engineText, runStatusLabel } from "@/lib/rca/labels";
import { RelativeTime } from "@/components/relative-time";
import { ResultSkeleton } from "@/components/result-skeleton";

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** The facts line of a run the stored incident does not show yet. */
export function LiveRunFacts({ run }: { run: LiveRun }) {
  return (
    <p className="run-facts muted">
      <span data-testid="rca-engine">{engineText(run.engine)}</span>
      <span>
        started <RelativeTime iso={run.startedAt} />
      </span>
      {run.attempt > 1 && <span>attempt {run.attempt}</span>}
    </p>
  );
}

function statusText(run: LiveRun): string {
  if (run.status === "failed") return `The investigation failed: ${run.failure ?? "no reason was recorded"}`;
  if (run.status === "succeeded") return "Analysis done — loading it…";
  return run.resetReason ? "The model's answer so far was set aside; asking again…" : runStatusLabel.running;
}

export function LiveInvestigation({ run }: { run: LiveRun }) {
  const reasoning = partialReasoning(run.text);
  const running = run.status === "running";
  return (
    <div className="live-run" aria-busy={running}>
      <p className="rca-placeholder" role="status">
        {running && <span className="spinner" aria-hidden="true" />} {statusText(run)}
      </p>
      {run.steps.length > 0 && (
        <ol className="live-steps" aria-label="Steps so far">
          {run.steps.map((s) => (
            <li
              key={s.index}
              data-testid="run-live-step"
              data-kind={s.kind}
              data-state={s.error ? "failed" : s.durationMs === null ? "running" : "done"}
            >
              {liveStepLabel(s)}…{s.durationMs !== null && <span className="muted"> {formatDuration(s.durationMs)}</span>}
              {s.kind === "collect" && run.evidence && (
                <span className="muted">
                  {" "}
                  · {plural(run.evidence.items, "item")}, {run.evidence.inContext.toLocaleString("en")} in context
                </span>
              )}
              {s.error && <span className="step-error"> — {s.error}</span>}
            </li>
          ))}
        </ol>
      )}
      {run.tools.length > 0 && (
        <ul className="live-tools" aria-label="Evidence the model asked for">
          {run.tools.map((t, i) => (
            <li key={i} data-testid="run-tool-call" data-refused={t.refused ? "true" : undefined}>
              <code>{toolCallLabel(t)}</code>
              {t.evidenceId ? <span className="muted"> → {t.evidenceId}</span> : <span className="muted"> — refused: {t.refused}</span>}
            </li>
          ))}
        </ul>
      )}
      {reasoning !== null ? (
        <>
          <h3>Reasoning</h3>
          <p className="rca-reasoning" data-testid="rca-live">
            {reasoning}
            {running && <span className="caret" aria-hidden="true" />}
          </p>
        </>
      ) : (
        <ResultSkeleton />
      )}
    </div>
  );
}
