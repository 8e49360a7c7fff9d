// Every investigation of the incident side by side, newest first: when, which engine (and
// model), how it ended, the root cause it concluded with its confidence, and the evidence it
// cited — to compare what the rules, the model and the ensemble made of the same incident.
"use client";

import "@/app/styles/incidents.css";
import type { IncidentJson } from "@/lib/client/api";
import { confidencePercent, engineText, rootCauseText, runStatusLabel } from "@/lib/rca/labels";
import { RelativeTime } from "@/components/relative-time";

type Run = IncidentJson["runs"][number];

function Conclusion({ run }: { run: Run }) {
  if (run.rootCause) return <>{rootCauseText(run.rootCause)}</>;
  if (run.error) return <span className="run-error">{run.error}</span>;
  return <span className="muted">—</span>;
}

export function InvestigationRuns({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return null;
  return (
    <section className="panel investigation-runs" aria-labelledby="runs-heading" data-testid="investigation-runs">
      <h2 id="runs-heading">
        Investigations <span className="muted">({runs.length})</span>
      </h2>
      <div className="runs-table-wrap">
        <table className="runs-table" data-testid="runs-table">
          <caption className="sr-only">Every investigation of this incident, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Engine</th>
              <th scope="col">Status</th>
              <th scope="col">Root cause</th>
              <th scope="col">Confidence</th>
              <th scope="col">Cited</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-engine={run.engine} data-status={run.status}>
                <td className="run-when">
                  <RelativeTime iso={run.createdAt} />
                </td>
                <td data-testid="run-engine">{engineText(run.engine, run.model)}</td>
                <td data-testid="run-status">
                  {runStatusLabel[run.status]}
                  {run.attempt > 1 && <span className="muted"> · attempt {run.attempt}</span>}
                </td>
                <td className="run-cause" data-testid="run-cause">
                  <Conclusion run={run} />
                </td>
                <td className="run-confidence">{run.confidence === null ? "—" : `${confidencePercent(run.confidence)}%`}</td>
                <td>
                  {run.citations.length ? (
                    <span className="labels">
                      {run.citations.map((c) => (
                        <span key={c} className="label">
                          {c}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
