"use server";
// The console's remediation buttons, as server actions: approve, reject, roll back, preview
// again. serverAction checks the session and role (a server action is a public endpoint)
// and validates the input; the domain checks the role again, and the policy, preview and
// object version besides.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { serverAction } from "@/lib/auth/server-action";
import { remediationPortsFromEnv } from "@/lib/remediation/runtime";
import { approveAction, rejectAction, type Decision } from "@/lib/remediation/decide";
import { undoAction } from "@/lib/remediation/undo";
import { previewAction } from "@/lib/remediation/preview";

export type ActionOutcome = { ok: boolean; message: string; state?: string; code?: string; errorId?: string };

const id = z.string().min(1).max(64);
const comment = z.string().max(2000).optional();
const approveInput = z.object({ actionId: id, previewHash: z.string().regex(/^[0-9a-f]{64}$/, "a preview hash"), comment });

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describe(decision: Decision): ActionOutcome {
  if (!decision.ok) return { ok: false, message: capitalise(decision.message), state: decision.code };
  if (decision.state === "rejected") return { ok: true, message: "Rejected. Nothing was changed.", state: "rejected" };
  if (decision.state === "awaiting_second_approval") {
    return {
      ok: true,
      message: `Approval recorded (${decision.approvals} of ${decision.required}): a second responder must approve this high-risk action.`,
      state: "awaiting_second_approval",
    };
  }
  const run = decision.execution;
  return run.ok
    ? { ok: true, message: "Approved and applied. Verifying…", state: "executed" }
    : { ok: false, message: `Approved, but not applied: ${run.reason}`, state: run.kind };
}

export const approve = serverAction({ what: "change the cluster", role: "responder", input: approveInput }, async (input, user) =>
  describe(await approveAction(getDb(), input, user, remediationPortsFromEnv())),
);

export const reject = serverAction(
  { what: "reject actions", role: "responder", input: z.object({ actionId: id, comment }) },
  async (input, user) => describe(await rejectAction(getDb(), input, user, remediationPortsFromEnv())),
);

export const rollBack = serverAction(
  { what: "roll back", role: "responder", input: z.object({ actionId: id }) },
  async (input, user): Promise<ActionOutcome> => {
    const undo = await undoAction(getDb(), input.actionId, user, remediationPortsFromEnv());
    const outcome = describe(undo.decision);
    return undo.decision.ok && undo.decision.state === "approved" && undo.decision.execution.ok
      ? { ...outcome, message: "Rolled back: the Deployment is being restored. Verifying…" }
      : outcome;
  },
);

export const refreshPreview = serverAction(
  { what: "preview actions", role: "responder", input: z.object({ actionId: id }) },
  async (input): Promise<ActionOutcome> => {
    const db = getDb();
    const action = await db.proposedAction.findUnique({ where: { id: input.actionId } });
    if (!action || action.state !== "proposed" || action.policyAllowed !== true)
      return { ok: false, message: "Only an allowed, pending action can be previewed." };
    const preview = await previewAction(db, action.id, remediationPortsFromEnv());
    return preview.dryRun.ok
      ? { ok: true, message: "Fresh preview ready: review it before approving." }
      : { ok: false, message: `The dry run failed: ${preview.dryRun.error}` };
  },
);
