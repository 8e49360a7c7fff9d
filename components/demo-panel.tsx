// The demo's control room: the demo application's workloads as the simulator sees them, a
// fault to inject into any of them, and the faults in play — each one clearable by hand.
"use client";

import { useState } from "react";
import { faultsFor, useDemoCommands, useDemoState, type DemoWorkloadJson } from "@/lib/client/demo";
import { RelativeTime } from "@/components/relative-time";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function health(w: DemoWorkloadJson): string {
  if (w.imagePull) return `${w.imagePull} waiting for their image`;
  if (w.crashLooping) return `${w.crashLooping} crash-looping`;
  if (w.ready < w.replicas) return `${w.ready} of ${w.replicas} ready`;
  return `${w.ready} of ${w.replicas} ready`;
}

export function DemoPanel({ canInject }: { canInject: boolean }) {
  const { data, isError, error, isPending } = useDemoState();
  const { inject, clear } = useDemoCommands();
  const [choice, setChoice] = useState<Record<string, string>>({});
  if (isPending) return <p className="muted">Loading the demo application…</p>;
  if (isError)
    return (
      <p role="alert" className="notice error">
        The demo does not answer: {error.message}
      </p>
    );
  const faultOf = (w: DemoWorkloadJson) => data.faults.find((f) => f.namespace === w.namespace && f.name === w.name);
  const message = inject.error?.message ?? clear.error?.message;
  return (
    <>
      <p className="muted">
        Inject a fault: within about half a minute its alert fires, Alertmanager-style, at Vigil&apos;s webhook. Open the incident, watch
        the analysis, approve the fix, and watch it verify. {canInject ? "" : "Viewers can watch; responders and admins inject faults."}
      </p>
      {message && (
        <p role="alert" className="notice error">
          {message}
        </p>
      )}
      <div className="table-scroll">
        <table className="demo-table" data-testid="demo-workloads">
          <caption className="sr-only">Workloads of the demo application</caption>
          <thead>
            <tr>
              <th scope="col">Workload</th>
              <th scope="col">Version</th>
              <th scope="col">Pods</th>
              <th scope="col">Requests/s</th>
              <th scope="col">Errors</th>
              <th scope="col">p99</th>
              <th scope="col">CPU throttled</th>
              <th scope="col">Fault</th>
            </tr>
          </thead>
          <tbody>
            {data.workloads.map((w) => {
              const key = `${w.namespace}/${w.name}`;
              const fault = faultOf(w);
              const kinds = faultsFor(w, data.kinds);
              const selected = choice[key] ?? kinds[0]?.kind ?? "";
              return (
                <tr key={key} data-testid="demo-workload" data-workload={key} data-fault={fault?.kind ?? ""}>
                  <th scope="row">
                    <span className="muted">{w.namespace}/</span>
                    {w.name}
                  </th>
                  <td className="label">{w.version}</td>
                  <td>{health(w)}</td>
                  <td>{w.requestRate.toFixed(0)}</td>
                  <td data-bad={w.errorRatio > 0.05 || undefined}>{pct(w.errorRatio)}</td>
                  <td>{w.latencyP99Ms.toFixed(0)} ms</td>
                  <td data-bad={w.throttled > 0.25 || undefined}>{pct(w.throttled)}</td>
                  <td>
                    {fault ? (
                      <span className="row">
                        <span>
                          {data.kinds.find((k) => k.kind === fault.kind)?.title ?? fault.kind} · <RelativeTime iso={fault.at} />
                        </span>
                        <button
                          type="button"
                          className="button"
                          disabled={!canInject || clear.isPending}
                          onClick={() => clear.mutate(fault.id)}
                        >
                          Clear
                        </button>
                      </span>
                    ) : (
                      <span className="row">
                        <label className="sr-only" htmlFor={`fault-${key}`}>
                          Fault for {key}
                        </label>
                        <select
                          id={`fault-${key}`}
                          value={selected}
                          disabled={!canInject}
                          onChange={(e) => setChoice({ ...choice, [key]: e.target.value })}
                        >
                          {kinds.map((k) => (
                            <option key={k.kind} value={k.kind}>
                              {k.title}
                            </option>
                          ))}
                        </select>
                        <button
                          type="button"
                          className="button primary"
                          disabled={!canInject || inject.isPending}
                          onClick={() => inject.mutate({ kind: selected, namespace: w.namespace, name: w.name })}
                        >
                          Inject
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
