// The incident page's command panel, right under the summary: who owns the incident and who
// acknowledged it, and the commands — acknowledge (the `a` key too), take it, hand it over or
// let it go, correct the severity, resolve (confirming the alerts that still fire), close,
// reopen, investigate again. A command that cannot be used now is disabled with the reason;
// viewers see the facts and every button disabled. One command runs at a time, and its
// outcome is announced in the live region.
"use client";

import "@/app/styles/incidents.css";
import { useEffect, useId, useRef, useState } from "react";
import type { IncidentJson } from "@/lib/client/api";
import type { Control, Viewer } from "@/lib/client/action-controls";
import { disabledReasons } from "@/lib/client/action-controls";
import { canAcknowledge, incidentControls } from "@/lib/client/incident-command-controls";
import { useIncidentCommands } from "@/lib/client/incident-commands";
import { usePageKey } from "@/lib/client/page-key";
import { hasRole } from "@/lib/auth/roles";
import type { RcaEngine } from "@/lib/investigation/engines";
import { RelativeTime } from "@/components/relative-time";
import { IncidentCommandForms } from "@/components/incident-command-forms";

export type Responder = { id: string; email: string };

type Props = {
  incident: IncidentJson;
  viewer: Viewer;
  /** Who may own an incident: enabled responders and admins. */
  responders: Responder[];
  /** The RCA engines this deployment can run, to investigate again with. */
  engines: RcaEngine[];
};

export function IncidentCommand({ incident, viewer, responders, engines }: Props) {
  const commands = useIncidentCommands(incident.id);
  const controls = incidentControls(incident, viewer);
  const reasons = disabledReasons(controls);
  const busy = commands.pending !== null;
  const responder = hasRole(viewer.role, "responder");
  const me = responders.find((r) => r.email === viewer.email) ?? null;
  const [assignee, setAssignee] = useState("");
  const id = incident.id;
  const reasonId = useId();

  const acknowledge = () => !busy && commands.acknowledge(id);
  usePageKey("a", canAcknowledge(controls) ? acknowledge : null);

  // A command's button may be gone when it returns (Acknowledge, Close): focus goes to its outcome.
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (commands.outcome && (!document.activeElement || document.activeElement === document.body)) outcomeRef.current?.focus();
  }, [commands.outcome]);

  const button = (control: Control, label: string, testId: string, onClick: () => void, extra: { primary?: boolean; key?: string } = {}) =>
    control.shown && (
      <button
        type="button"
        className={extra.primary ? "primary" : undefined}
        disabled={!control.enabled}
        aria-disabled={busy || undefined}
        aria-describedby={control.enabled ? undefined : reasonId}
        aria-keyshortcuts={extra.key}
        data-testid={testId}
        onClick={() => !busy && onClick()}
      >
        {label}
        {extra.key && (
          <>
            {" "}
            <kbd aria-hidden="true">{extra.key}</kbd>
          </>
        )}
      </button>
    );

  const others = responders.filter((r) => r.id !== incident.owner?.id);
  // A firing-alerts confirmation says it all itself: the live region need not repeat it.
  const outcome = commands.outcome?.code === "alerts_firing" ? null : commands.outcome;

  return (
    <section className="panel incident-command" aria-labelledby="command-heading" aria-busy={busy} data-testid="incident-command">
      <h2 id="command-heading">Command</h2>
      <dl className="kv command-facts">
        <dt>Owner</dt>
        <dd data-testid="command-owner" data-owner={incident.owner?.email ?? ""}>
          {incident.owner ? incident.owner.email : <span className="muted">Unowned</span>}
        </dd>
        <dt>Acknowledged</dt>
        <dd data-testid="command-acknowledged" data-acknowledged={incident.acknowledgedAt !== null}>
          {incident.acknowledgedAt ? (
            <>
              by {incident.acknowledgedBy?.email ?? "a former user"} <RelativeTime iso={incident.acknowledgedAt} />
            </>
          ) : (
            <span className="muted">Not acknowledged</span>
          )}
        </dd>
        {incident.severityPinned && (
          <>
            <dt>Severity</dt>
            <dd data-testid="command-severity-pinned">Set by a person: later alerts do not change it.</dd>
          </>
        )}
      </dl>

      <fieldset className="command-controls" disabled={!responder}>
        <legend className="sr-only">Commands</legend>
        <div className="row control-row">
          {button(controls.acknowledge, "Acknowledge", "acknowledge-button", acknowledge, { primary: true, key: "a" })}
          {me && button(controls.assignToMe, "Assign to me", "assign-me-button", () => commands.assign(id, me.id))}
          {button(controls.unassign, "Unassign", "unassign-button", () => commands.assign(id, null))}
        </div>
        {controls.assign.shown && others.length > 0 && (
          <form
            className="row command-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!busy && assignee) commands.assign(id, assignee, (o) => o.ok && setAssignee(""));
            }}
          >
            <label>
              Hand over to
              <select value={assignee} onChange={(e) => setAssignee(e.target.value)} required data-testid="assign-select">
                <option value="">Choose a responder…</option>
                {others.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.email}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="submit"
              disabled={!controls.assign.enabled || !assignee}
              aria-disabled={busy || undefined}
              data-testid="assign-button"
            >
              Assign
            </button>
          </form>
        )}
        <IncidentCommandForms incident={incident} controls={controls} commands={commands} engines={engines} reasonId={reasonId} />
      </fieldset>

      {reasons.length > 0 && (
        <p id={reasonId} className="control-reason" data-testid="command-reason">
          {reasons.join(" ")}
        </p>
      )}
      {/* Always mounted, in the same place, so that what appears in it is announced. */}
      <p
        ref={outcomeRef}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className={`action-outcome${outcome && !busy ? (outcome.ok ? " outcome-ok" : " outcome-error") : ""}`}
        data-testid="command-outcome"
      >
        {busy ? "Working…" : outcome?.message}
      </p>
    </section>
  );
}
