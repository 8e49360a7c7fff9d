import { describe, expect, it } from "vitest";
import type { ActionJson } from "@/lib/client/action-view";
import { approvalProgress, controlsFor, disabledReasons, liveApprovals, verificationView, type Viewer } from "@/lib/client/action-controls";

const now = Date.parse("2026-11-22T03:00:00.000Z");
const responder: Viewer = { role: "responder", email: "sre@vigil.test" };
const admin: Viewer = { role: "admin", email: "admin@vigil.test" };
const viewer: Viewer = { role: "viewer", email: "watcher@vigil.test" };

const verdict = (over: Record<string, unknown> = {}) => ({
  allowed: true,
  reasons: [{ rule: "namespace", ok: true, message: "namespace shop is allowed" }],
  highRisk: false,
  requiredApprovals: 1,
  autonomous: { allowed: false, policy: null, reason: "autonomous mode is off" },
  ...over,
});
const preview = (ok = true) => ({
  summary: "rollout undo shop/checkout-api to revision 1",
  patch: {},
  changes: [],
  dryRun: ok ? { ok: true } : { ok: false, error: "409" },
  at: "2026-11-22T02:59:00.000Z",
});
const approval = (over: Record<string, unknown> = {}) => ({
  decision: "approved",
  previewHash: "f".repeat(64),
  createdAt: "2026-11-22T02:59:30.000Z",
  expiresAt: "2026-11-22T03:14:30.000Z",
  usedAt: null,
  comment: null,
  user: { email: "other@vigil.test", name: null },
  ...over,
});

const action = (over: Record<string, unknown> = {}): ActionJson =>
  ({
    id: "a1",
    rank: 1,
    kind: "rollback",
    state: "proposed",
    policyAllowed: true,
    policyVerdict: verdict(),
    preview: preview(),
    previewHash: "f".repeat(64),
    resourceVersion: "12",
    executedAt: null,
    effective: null,
    verification: null,
    rollbackOfId: null,
    rolledBackBy: null,
    approvals: [],
    ...over,
  }) as unknown as ActionJson;

const shown = (c: { shown: boolean }) => c.shown;
const usable = (c: { shown: boolean; enabled?: boolean }) => c.shown && c.enabled === true;

describe("controlsFor: a pending proposal", () => {
  it("lets responders and admins approve, reject and preview again", () => {
    for (const who of [responder, admin]) {
      const c = controlsFor(action(), who, now);
      expect([usable(c.approve), usable(c.reject), usable(c.previewAgain), shown(c.rollBack)]).toEqual([true, true, true, false]);
    }
  });

  it("shows a viewer the buttons disabled, with one reason", () => {
    const c = controlsFor(action(), viewer, now);
    expect([shown(c.approve), usable(c.approve), shown(c.reject), usable(c.reject), shown(c.previewAgain)]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(disabledReasons(c)).toEqual(["Viewers can't approve: ask a responder."]);
    // Whatever state the proposal is in: the role is the reason.
    expect(disabledReasons(controlsFor(action({ preview: null, previewHash: null }), viewer, now))).toEqual([
      "Viewers can't approve: ask a responder.",
    ]);
  });

  it("lets responders reject, but not approve, an action refused by policy; a viewer neither", () => {
    const refused = action({ state: "refused", policyAllowed: false, policyVerdict: verdict({ allowed: false }) });
    expect(usable(controlsFor(refused, responder, now).reject)).toBe(true);
    expect(disabledReasons(controlsFor(refused, viewer, now))).toEqual(["Viewers can't reject: ask a responder."]);
  });

  it("offers no approve button at all for an action refused by policy", () => {
    const refused = action({ state: "refused", policyAllowed: false, policyVerdict: verdict({ allowed: false }) });
    for (const who of [responder, viewer]) {
      const c = controlsFor(refused, who, now);
      expect(shown(c.approve)).toBe(false);
      expect(shown(c.previewAgain)).toBe(false);
    }
  });

  it("disables approve until the policy check and a successful dry run exist", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ policyAllowed: null, policyVerdict: null, preview: null, previewHash: null }, "Waiting for the policy check."],
      [{ preview: null, previewHash: null }, "Waiting for the preview (a server-side dry run)."],
      [{ preview: preview(false), previewHash: null }, "The dry run failed: preview again before approving."],
    ];
    for (const [over, reason] of cases) {
      const c = controlsFor(action(over), responder, now);
      expect(c.approve).toEqual({ shown: true, enabled: false, reason });
    }
  });

  it("does not let the same responder approve a two-approver action twice", () => {
    const twice = action({
      policyVerdict: verdict({ highRisk: true, requiredApprovals: 2 }),
      approvals: [approval({ user: { email: responder.email, name: "Sam" } })],
    });
    expect(controlsFor(twice, responder, now).approve).toEqual({
      shown: true,
      enabled: false,
      reason: "You approved this: a second responder must approve it.",
    });
    expect(usable(controlsFor(twice, admin, now).approve)).toBe(true);
    // An expired approval no longer counts: the same person may approve again.
    expect(usable(controlsFor(twice, responder, Date.parse("2026-11-22T03:20:00.000Z")).approve)).toBe(true);
  });

  it("offers nothing on a recommendation", () => {
    const c = controlsFor(action({ kind: "none", policyAllowed: false }), responder, now);
    expect(Object.values(c).some(shown)).toBe(false);
  });
});

describe("controlsFor: after a decision", () => {
  it("offers roll back on an executed action to responders, disabled with the reason for viewers", () => {
    const executed = action({ state: "executed", executedAt: "2026-11-22T03:00:00.000Z" });
    const c = controlsFor(executed, responder, now);
    expect([shown(c.approve), shown(c.reject), usable(c.rollBack)]).toEqual([false, false, true]);
    expect(controlsFor(executed, viewer, now).rollBack).toEqual({
      shown: true,
      enabled: false,
      reason: "Viewers can't roll back: ask a responder.",
    });
  });

  it("does not offer roll back while an undo is under way, nor on an undo itself", () => {
    const executed = { state: "executed", executedAt: "2026-11-22T03:00:00.000Z" };
    expect(shown(controlsFor(action({ ...executed, rolledBackBy: { id: "u", state: "executing" } }), responder, now).rollBack)).toBe(false);
    expect(usable(controlsFor(action({ ...executed, rolledBackBy: { id: "u", state: "failed" } }), responder, now).rollBack)).toBe(true);
    expect(shown(controlsFor(action({ ...executed, rollbackOfId: "a0" }), responder, now).rollBack)).toBe(false);
  });

  it("offers nothing on approved, executing, failed, rejected, expired or rolled back actions", () => {
    for (const state of ["approved", "executing", "failed", "rejected", "expired", "rolled_back"]) {
      expect(Object.values(controlsFor(action({ state }), responder, now)).some(shown)).toBe(false);
    }
  });
});

describe("approvals", () => {
  it("counts only approvals that are approved, unused, unexpired and of the preview now shown", () => {
    const approvals = [
      approval(),
      approval({ usedAt: "2026-11-22T03:00:00.000Z" }),
      approval({ expiresAt: "2026-11-22T02:59:59.000Z" }),
      approval({ decision: "rejected" }),
      approval({ previewHash: "e".repeat(64) }),
    ] as ActionJson["approvals"];
    expect(liveApprovals(approvals, now, "f".repeat(64))).toHaveLength(1);
    expect(approvalProgress(action({ approvals, policyVerdict: verdict({ highRisk: true, requiredApprovals: 2 }) }), now)).toEqual({
      required: 2,
      live: 1,
      highRisk: true,
    });
  });
});

describe("verificationView", () => {
  const executed = { state: "executed", executedAt: "2026-11-22T03:00:00.000Z" };
  const check = {
    rollout: { ready: true, detail: "3 of 3 replicas updated and available" },
    alerts: { cleared: false, detail: "1 of 1 alerts still firing" },
    promql: { cleared: null, detail: "no Prometheus configured" },
    checkedAt: "2026-11-22T03:00:03.000Z",
  };

  it("is absent for an action that never ran", () => {
    expect(verificationView(action())).toBeNull();
  });

  it("is pending with the latest check, then verified or not effective", () => {
    expect(verificationView(action({ ...executed, verification: check }))).toMatchObject({
      status: "pending",
      check: { alerts: { cleared: false } },
    });
    expect(verificationView(action({ ...executed, effective: true }))).toMatchObject({ status: "verified", label: "Verified ✓" });
    expect(verificationView(action({ ...executed, effective: false, verification: check }))).toMatchObject({
      status: "ineffective",
      label: "Not effective ✗",
    });
  });

  it("keeps the verdict of an action that was rolled back later", () => {
    expect(verificationView(action({ ...executed, state: "rolled_back", effective: true }))?.status).toBe("verified");
    expect(verificationView(action({ ...executed, state: "rolled_back" }))?.status).toBe("unverified");
  });
});
