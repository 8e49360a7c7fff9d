"use server";
// The console's remediation buttons, as server actions: approve, reject, roll back, preview
// again. Each checks the session and role itself (a server action is a public endpoint);
// the domain checks the role again, and the policy, preview and object version besides.
import { z } from "zod";
import { currentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { remediationPortsFromEnv } from "@/lib/remediation/runtime";
import { approveAction, rejectAction, type Decision } from "@/lib/remediation/decide";
import { undoAction } from "@/lib/remediation/undo";
import { previewAction } from "@/lib/remediation/preview";
import { canApprove } from "@/lib/auth/roles";
import { log } from "@/lib/log";

export type ActionOutcome = { ok: boolean; message: string; state?: string };

const id = z.string().min(1).max(64);
const approveInput = z.object({ actionId: id, previewHash: z.string().regex(/^[0-9a-f]{64}$/, "a preview hash"), comment: z.string().max(2000).optional() });
const rejectInput = z.object({ actionId: id, comment: z.string().max(2000).optional() });

async function responder(): Promise<{ id: string; role: "viewer" | "responder" | "admin" } | ActionOutcome> {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Your session has ended: sign in again." };
  if (!canApprove(user.role)) return { ok: false, message: `You are a ${user.role}: only responders and admins can change the cluster.` };
  return user;
}

function describe(decision: Decision): ActionOutcome {
  if (!decision.ok) return { ok: false, message: capitalise(decision.message), state: decision.code };
  if (decision.state === "rejected") return { ok: true, message: "Rejected. Nothing was changed.", state: "rejected" };
  if (decision.state === "awaiting_second_approval") {
    return { ok: true, message: `Approval recorded (${decision.approvals} of ${decision.required}): a second responder must approve this high-risk action.`, state: "awaiting_second_approval" };
  }
  const run = decision.execution;
  return run.ok
    ? { ok: true, message: "Approved and applied. Verifying…", state: "executed" }
    : { ok: false, message: `Approved, but not applied: ${run.reason}`, state: run.kind };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

async function guarded(what: string, work: () => Promise<ActionOutcome>): Promise<ActionOutcome> {
  try {
    return await work();
  } catch (err) {
    log.error({ err: (err as Error).message, what }, "console action failed");
    return { ok: false, message: `Could not ${what}: ${(err as Error).message.split("\n")[0]}` };
  }
}

export async function approve(input: { actionId: string; previewHash: string; comment?: string }): Promise<ActionOutcome> {
  const user = await responder();
  if ("message" in user) return user;
  const parsed = approveInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: "The request was malformed: reload the page." };
  return guarded("approve", async () => describe(await approveAction(getDb(), parsed.data, user, remediationPortsFromEnv())));
}

export async function reject(input: { actionId: string; comment?: string }): Promise<ActionOutcome> {
  const user = await responder();
  if ("message" in user) return user;
  const parsed = rejectInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: "The request was malformed: reload the page." };
  return guarded("reject", async () => describe(await rejectAction(getDb(), parsed.data, user, remediationPortsFromEnv())));
}

export async function rollBack(input: { actionId: string }): Promise<ActionOutcome> {
  const user = await responder();
  if ("message" in user) return user;
  const parsed = z.object({ actionId: id }).safeParse(input);
  if (!parsed.success) return { ok: false, message: "The request was malformed: reload the page." };
  return guarded("roll back", async () => {
    const undo = await undoAction(getDb(), parsed.data.actionId, user, remediationPortsFromEnv());
    const outcome = describe(undo.decision);
    return undo.decision.ok && undo.decision.state === "approved" && undo.decision.execution.ok ? { ...outcome, message: "Rolled back: the Deployment is being restored. Verifying…" } : outcome;
  });
}

export async function refreshPreview(input: { actionId: string }): Promise<ActionOutcome> {
  const user = await responder();
  if ("message" in user) return user;
  const parsed = z.object({ actionId: id }).safeParse(input);
  if (!parsed.success) return { ok: false, message: "The request was malformed: reload the page." };
  return guarded("preview", async () => {
    const db = getDb();
    const action = await db.proposedAction.findUnique({ where: { id: parsed.data.actionId } });
    if (!action || action.state !== "proposed" || action.policyAllowed !== true) return { ok: false, message: "Only an allowed, pending action can be previewed." };
    const preview = await previewAction(db, action.id, remediationPortsFromEnv());
    return preview.dryRun.ok ? { ok: true, message: "Fresh preview ready: review it before approving." } : { ok: false, message: `The dry run failed: ${preview.dryRun.error}` };
  });
}
