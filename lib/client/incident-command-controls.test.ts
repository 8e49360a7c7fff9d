import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/client/action-controls";
import { disabledReasons } from "@/lib/client/action-controls";
import {
  ACTION_EXECUTING,
  canAcknowledge,
  incidentControls,
  RUN_IN_PROGRESS,
  VIEWER_REASON,
  type CommandIncident,
  type IncidentControls,
} from "@/lib/client/incident-command-controls";

const responder: Viewer = { role: "responder", email: "sre@vigil.test" };
const admin: Viewer = { role: "admin", email: "admin@vigil.test" };
const viewer: Viewer = { role: "viewer", email: "watcher@vigil.test" };

const run = (status: string) => ({ id: `r-${status}`, status }) as unknown as CommandIncident["runs"][number];
const incident = (over: Partial<Record<keyof CommandIncident, unknown>> = {}): CommandIncident =>
  ({ state: "investigating", acknowledgedAt: null, owner: null, runs: [run("succeeded")], actions: [], ...over }) as CommandIncident;

const usable = (controls: IncidentControls) =>
  (Object.keys(controls) as (keyof IncidentControls)[]).filter((k) => controls[k].shown && (controls[k] as { enabled: boolean }).enabled);
const shown = (controls: IncidentControls) => (Object.keys(controls) as (keyof IncidentControls)[]).filter((k) => controls[k].shown);

describe("incidentControls", () => {
  it("offers a responder everything a live, unacknowledged, unowned incident allows", () => {
    const c = incidentControls(incident(), responder);
    expect(usable(c)).toEqual(["acknowledge", "assignToMe", "assign", "severity", "resolve", "investigate"]);
    expect(canAcknowledge(c)).toBe(true);
    expect(incidentControls(incident(), admin)).toEqual(c);
  });

  it("no Acknowledge once someone has; no Assign to me on one's own; Unassign once owned", () => {
    const mine = incidentControls(
      incident({ acknowledgedAt: "2026-11-22T03:00:00Z", owner: { id: "u1", email: responder.email } }),
      responder,
    );
    expect(shown(mine)).toEqual(["assign", "unassign", "severity", "resolve", "investigate"]);
    expect(canAcknowledge(mine)).toBe(false);
    const theirs = incidentControls(incident({ owner: { id: "u2", email: "other@vigil.test" } }), responder);
    expect(usable(theirs)).toContain("assignToMe");
  });

  it("a resolved incident may be closed or reopened, a closed one only reopened", () => {
    expect(usable(incidentControls(incident({ state: "resolved" }), responder))).toEqual([
      "assignToMe",
      "assign",
      "severity",
      "close",
      "reopen",
    ]);
    expect(usable(incidentControls(incident({ state: "closed", owner: { id: "u1", email: responder.email } }), responder))).toEqual([
      "reopen",
    ]);
  });

  it("investigating again waits for the running investigation, resolving for an action being applied", () => {
    const running = incidentControls(incident({ runs: [run("running"), run("succeeded")] }), responder);
    expect(running.investigate).toEqual({ shown: true, enabled: false, reason: RUN_IN_PROGRESS });
    expect(running.resolve).toEqual({ shown: true, enabled: true });
    const queued = incidentControls(incident({ runs: [run("queued")] }), responder);
    expect(queued.investigate).toMatchObject({ enabled: false });
    const executing = incidentControls(incident({ actions: [{ state: "executing" }] }), responder);
    expect(executing.resolve).toEqual({ shown: true, enabled: false, reason: ACTION_EXECUTING });
    expect(executing.investigate).toEqual({ shown: true, enabled: false, reason: ACTION_EXECUTING });
    expect(disabledReasons(executing)).toEqual([ACTION_EXECUTING]);
  });

  it("shows a viewer the same buttons, every one disabled with one reason", () => {
    const c = incidentControls(incident(), viewer);
    expect(shown(c)).toEqual(shown(incidentControls(incident(), responder)));
    expect(usable(c)).toEqual([]);
    expect(disabledReasons(c)).toEqual([VIEWER_REASON]);
    expect(VIEWER_REASON).toMatch(/^Viewers can't .*: ask a responder\.$/);
    expect(canAcknowledge(c)).toBe(false);
  });
});
