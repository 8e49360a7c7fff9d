// The command panel's forms: correct the severity, resolve, close or reopen (each with the
// reason the audit trail keeps), and investigate again with an engine. A resolve while alerts
// still fire asks once more, naming them, and then confirms exactly the alerts it named: one
// that starts firing meanwhile makes Vigil ask again.
"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { IncidentJson } from "@/lib/client/api";
import type { Control } from "@/lib/client/action-controls";
import type { IncidentControls } from "@/lib/client/incident-command-controls";
import type { CommandResult, IncidentCommands } from "@/lib/client/incident-commands";
import type { FiringAlert } from "@/lib/incidents/human";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { RcaEngine } from "@/lib/investigation/engines";
import { severities, severityLabel } from "@/lib/incidents/model";
import { engineText } from "@/lib/rca/labels";

type Props = { incident: IncidentJson; controls: IncidentControls; commands: IncidentCommands; engines: RcaEngine[]; reasonId: string };

/** "KubePodCrashLooping ×3": each alert name once, with how many of its alerts fire. */
function firingNames(firing: FiringAlert[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const a of firing) counts.set(a.alertname, (counts.get(a.alertname) ?? 0) + 1);
  return [...counts];
}

export function IncidentCommandForms({ incident, controls, commands, engines, reasonId }: Props) {
  const busy = commands.pending !== null;
  const id = incident.id;
  const ids = useId();
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [severityReason, setSeverityReason] = useState("");
  const [reason, setReason] = useState("");
  const [engine, setEngine] = useState<RcaEngine | "">("");
  const [firing, setFiring] = useState<FiringAlert[] | null>(null);

  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (firing) confirmRef.current?.focus();
  }, [firing]);

  const describedBy = (control: Control) => (control.shown && !control.enabled ? reasonId : undefined);
  const submit = (control: Control, label: string, value: string) =>
    control.shown && (
      <button
        type="submit"
        value={value}
        disabled={!control.enabled}
        aria-disabled={busy || undefined}
        aria-describedby={describedBy(control)}
        data-testid={`${value}-button`}
      >
        {label}
      </button>
    );

  const resolve = (confirmFiring?: string[]) =>
    commands.resolve({ incidentId: id, reason: reason.trim(), confirmFiring }, (o) => {
      setFiring(o.code === "alerts_firing" && o.firing ? o.firing : null);
      if (o.ok) setReason("");
    });
  const onStateSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const which = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    const done = (o: CommandResult) => o.ok && setReason("");
    if (which === "resolve") resolve();
    else if (which === "close") commands.close({ incidentId: id, reason: reason.trim() }, done);
    else if (which === "reopen") commands.reopen({ incidentId: id, reason: reason.trim() }, done);
  };

  const changes = controls.resolve.shown || controls.close.shown || controls.reopen.shown;
  const confirming = firing !== null && controls.resolve.shown;
  return (
    <>
      {controls.severity.shown && (
        <form
          className="row command-form"
          aria-label="Change the severity"
          onSubmit={(e) => {
            e.preventDefault();
            if (busy) return;
            commands.changeSeverity({ incidentId: id, severity: severity ?? incident.severity, reason: severityReason.trim() }, (o) => {
              if (!o.ok) return;
              setSeverity(null);
              setSeverityReason("");
            });
          }}
        >
          <label>
            Severity
            <select
              value={severity ?? incident.severity}
              onChange={(e) => setSeverity(e.target.value as Severity)}
              data-testid="severity-select"
            >
              {severities.map((s) => (
                <option key={s} value={s}>
                  {severityLabel[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="command-reason-field">
            Why
            <input
              value={severityReason}
              onChange={(e) => setSeverityReason(e.target.value)}
              required
              minLength={3}
              maxLength={2000}
              placeholder="e.g. checkout is down for every customer"
              data-testid="severity-reason"
            />
          </label>
          {submit(controls.severity, "Change severity", "severity")}
        </form>
      )}

      {changes && (
        <form className="row command-form" aria-label="Resolve, close or reopen" onSubmit={onStateSubmit}>
          <label className="command-reason-field">
            <span>
              Reason <span className="muted">(kept in the audit trail)</span>
            </span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
              maxLength={2000}
              placeholder={controls.reopen.shown ? "e.g. the errors are back" : "e.g. fixed by hand: restarted the pods"}
              data-testid="state-reason"
            />
          </label>
          {submit(controls.resolve, "Resolve", "resolve")}
          {submit(controls.close, "Close", "close")}
          {submit(controls.reopen, "Reopen", "reopen")}
        </form>
      )}

      {confirming && (
        <div
          className="notice command-confirm"
          role="group"
          aria-labelledby={`${ids}-firing`}
          data-testid="resolve-confirm"
          onKeyDown={(e) => e.key === "Escape" && setFiring(null)}
        >
          <p id={`${ids}-firing`}>{firing.length === 1 ? "1 alert still fires" : `${firing.length} alerts still fire`}. Resolve anyway?</p>
          <ul className="firing-alerts" data-testid="firing-alerts">
            {firingNames(firing).map(([name, n]) => (
              <li key={name}>
                <span className="label">{name}</span>
                {n > 1 && <span className="muted"> ×{n}</span>}
              </li>
            ))}
          </ul>
          <p className="muted">Resolving here does not silence them in Alertmanager.</p>
          <div className="row control-row">
            <button
              ref={confirmRef}
              type="button"
              className="danger"
              aria-disabled={busy || undefined}
              onClick={() => !busy && resolve(firing.map((a) => a.id))}
              data-testid="resolve-confirm-button"
            >
              Resolve anyway
            </button>
            <button type="button" onClick={() => setFiring(null)} data-testid="resolve-cancel-button">
              Cancel
            </button>
          </div>
        </div>
      )}

      {controls.investigate.shown && (
        <form
          className="row command-form"
          aria-label="Investigate again"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) commands.investigate({ incidentId: id, engine: engine || undefined });
          }}
        >
          <label>
            Engine
            <select value={engine} onChange={(e) => setEngine(e.target.value as RcaEngine | "")} data-testid="engine-select">
              <option value="">Configured engine</option>
              {engines.map((e) => (
                <option key={e} value={e}>
                  {engineText(e)}
                </option>
              ))}
            </select>
          </label>
          {submit(controls.investigate, "Investigate again", "investigate")}
        </form>
      )}
    </>
  );
}
