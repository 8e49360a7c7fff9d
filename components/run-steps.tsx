// The steps of an agent run with their timings, folded away: a reader checking how the
// conclusion was reached (or where a run failed) opens them.
import type { IncidentJson } from "@/lib/client/api";
import { formatDuration } from "@/lib/incidents/run-view";

type Step = NonNullable<IncidentJson["latestRun"]>["steps"][number];

export function RunSteps({ steps }: { steps: Step[] }) {
  const failed = steps.some((s) => s.error);
  return (
    <details className="run-steps" open={failed}>
      <summary>Steps ({steps.length})</summary>
      <ol>
        {steps.map((s) => (
          <li key={s.index} data-testid="run-step">
            <span className="label">{s.kind}</span> {s.name}{" "}
            <span className="muted">{s.durationMs !== null ? formatDuration(s.durationMs) : s.finishedAt ? "" : "running…"}</span>
            {s.error && <span className="step-error"> — {s.error}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
