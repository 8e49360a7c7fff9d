// Which incident-command buttons a person is offered (acknowledge, assign, severity, resolve,
// close, reopen, investigate again), which are enabled and why not — from the incident's
// state, its runs and actions, and who is looking. lib/incidents/human.ts checks all of this
// again: this only decides what a person is offered. Pure and safe in the browser.
import { hasRole } from "@/lib/auth/roles";
import { liveStates } from "@/lib/incidents/model";
import type { IncidentJson } from "@/lib/client/api";
import type { Control, Viewer } from "@/lib/client/action-controls";

export type CommandIncident = Pick<IncidentJson, "state" | "acknowledgedAt" | "owner" | "runs" | "actions">;

export type IncidentControls = {
  acknowledge: Control;
  assignToMe: Control;
  assign: Control;
  unassign: Control;
  severity: Control;
  resolve: Control;
  close: Control;
  reopen: Control;
  investigate: Control;
};

export const VIEWER_REASON = "Viewers can't acknowledge, assign, resolve or investigate incidents: ask a responder.";
export const RUN_IN_PROGRESS = "An investigation is running: wait for it to finish.";
export const ACTION_EXECUTING = "An action is being applied to the cluster: wait for its result.";

const hidden: Control = { shown: false };
const enabled: Control = { shown: true, enabled: true };
const disabled = (reason: string): Control => ({ shown: true, enabled: false, reason });

/** Whether Vigil is investigating it now: its newest run has not finished. */
export function investigating(incident: Pick<IncidentJson, "runs">): boolean {
  const latest = incident.runs[0];
  return latest !== undefined && (latest.status === "queued" || latest.status === "running");
}

export function incidentControls(incident: CommandIncident, viewer: Viewer): IncidentControls {
  const live = liveStates.includes(incident.state);
  const closed = incident.state === "closed";
  const mine = incident.owner?.email === viewer.email;
  const executing = incident.actions.some((a) => a.state === "executing");
  // What the incident's state allows, whoever is looking.
  const offered: Record<keyof IncidentControls, boolean> = {
    acknowledge: live && !incident.acknowledgedAt,
    assignToMe: !closed && !mine,
    assign: !closed,
    unassign: !closed && incident.owner !== null,
    severity: !closed,
    resolve: live,
    close: incident.state === "resolved",
    reopen: !live,
    investigate: live,
  };
  const responder = hasRole(viewer.role, "responder");
  const control = (key: keyof IncidentControls, reason: string | null = null): Control =>
    !offered[key] ? hidden : !responder ? disabled(VIEWER_REASON) : reason ? disabled(reason) : enabled;
  return {
    acknowledge: control("acknowledge"),
    assignToMe: control("assignToMe"),
    assign: control("assign"),
    unassign: control("unassign"),
    severity: control("severity"),
    resolve: control("resolve", executing ? ACTION_EXECUTING : null),
    close: control("close"),
    reopen: control("reopen"),
    investigate: control("investigate", investigating(incident) ? RUN_IN_PROGRESS : executing ? ACTION_EXECUTING : null),
  };
}

/** Whether the `a` key acknowledges: the button is there and usable. */
export const canAcknowledge = (controls: IncidentControls) => controls.acknowledge.shown && controls.acknowledge.enabled;
