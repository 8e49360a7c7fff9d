// Which buttons an action card shows, which are enabled and why not — from the action's
// state, its verdict and preview, and who is looking — plus where its approvals and its
// verification stand. The server actions check all of this again: this only decides what a
// person is offered. Pure and safe in the browser.
import type { Role } from "@/lib/generated/prisma/enums";
import { canApprove } from "@/lib/auth/roles";
import { parsePreview, parseVerdict, parseVerification, type ActionJson, type VerificationCheck } from "@/lib/client/action-view";

export type Viewer = { role: Role; email: string };

/** A button: absent, shown and usable, or shown and disabled with the reason in words. */
export type Control = { shown: false } | { shown: true; enabled: true } | { shown: true; enabled: false; reason: string };

export type ActionControls = { approve: Control; reject: Control; previewAgain: Control; rollBack: Control };

const hidden: Control = { shown: false };
const enabled: Control = { shown: true, enabled: true };
const disabled = (reason: string): Control => ({ shown: true, enabled: false, reason });

// States from which an undo can be (re)started: none yet, or the last try did not go through.
const undoRestartable = new Set(["proposed", "failed", "expired", "rejected"]);

type Approval = ActionJson["approvals"][number];

/** Approvals that still count towards execution: approved, not used, not expired, and of the
 * preview now shown (a new preview voids the others). */
export function liveApprovals(approvals: readonly Approval[], nowMs: number, previewHash?: string | null): Approval[] {
  return approvals.filter(
    (a) =>
      a.decision === "approved" &&
      a.usedAt === null &&
      new Date(a.expiresAt).getTime() > nowMs &&
      (previewHash === undefined || a.previewHash === previewHash),
  );
}

export function controlsFor(action: ActionJson, viewer: Viewer, nowMs: number): ActionControls {
  const none: ActionControls = { approve: hidden, reject: hidden, previewAgain: hidden, rollBack: hidden };
  // A recommendation: nothing to execute, nothing to decide.
  if (action.kind === "none") return none;
  const responder = canApprove(viewer.role);
  const asViewer = (verb: string) => disabled(`Viewers can't ${verb}: ask a responder.`);

  if (action.state === "executed") {
    const undo = action.rolledBackBy;
    // An undo is not offered for undoing again, nor while one is already under way.
    if (action.rollbackOfId || (undo && !undoRestartable.has(undo.state))) return none;
    return { ...none, rollBack: responder ? enabled : asViewer("roll back") };
  }

  const refused = action.state === "refused" || action.policyAllowed === false;
  if (action.state !== "proposed" && action.state !== "refused") return none;
  // Refused by policy: no approve button at all, whoever is looking.
  if (refused) return { ...none, reject: responder ? enabled : asViewer("reject") };
  // A viewer gets one reason for both decisions, and no preview to ask for.
  if (!responder) return { ...none, approve: asViewer("approve"), reject: asViewer("approve") };
  const previewAgain = action.policyAllowed === true ? enabled : hidden;
  return { approve: approveControl(action, viewer, nowMs), reject: enabled, previewAgain, rollBack: hidden };
}

function approveControl(action: ActionJson, viewer: Viewer, nowMs: number): Control {
  if (action.policyAllowed !== true || !parseVerdict(action.policyVerdict)) return disabled("Waiting for the policy check.");
  const preview = parsePreview(action.preview);
  if (!preview) return disabled("Waiting for the preview (a server-side dry run).");
  if (!preview.dryRun.ok || !action.previewHash) return disabled("The dry run failed: preview again before approving.");
  const mine = liveApprovals(action.approvals, nowMs, action.previewHash).some((a) => a.user.email === viewer.email);
  if (mine) return disabled("You approved this: a second responder must approve it.");
  return enabled;
}

/** The reasons of the disabled controls, each once, in button order: the line under the buttons. */
export function disabledReasons(controls: Readonly<Record<string, Control>>): string[] {
  const reasons = Object.values(controls).flatMap((c: Control) => (c.shown && !c.enabled ? [c.reason] : []));
  return [...new Set(reasons)];
}

export type ApprovalProgress = { required: number; live: number; highRisk: boolean };

export function approvalProgress(action: ActionJson, nowMs: number): ApprovalProgress {
  const verdict = parseVerdict(action.policyVerdict);
  return {
    required: verdict?.requiredApprovals ?? 1,
    live: liveApprovals(action.approvals, nowMs, action.previewHash).length,
    highRisk: verdict?.highRisk ?? false,
  };
}

export type VerificationView = {
  status: "pending" | "verified" | "ineffective" | "unverified";
  label: string;
  check: VerificationCheck | null;
};

/** Where an executed action's verification stands; null for an action that never ran. */
export function verificationView(action: ActionJson): VerificationView | null {
  if (!action.executedAt || (action.state !== "executed" && action.state !== "rolled_back")) return null;
  const check = parseVerification(action.verification);
  if (action.effective === true) return { status: "verified", label: action.rollbackOfId ? "Verified ✓ (restored)" : "Verified ✓", check };
  if (action.effective === false) return { status: "ineffective", label: "Not effective ✗", check };
  if (action.state === "rolled_back") return { status: "unverified", label: "Rolled back before a verdict", check };
  return { status: "pending", label: "Verifying…", check };
}
