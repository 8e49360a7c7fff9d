// One-click rollback of an executed action: an undo proposal that restores the pre-action
// state the executor saved, guarded and previewed like any action, approved by the person
// who clicked (bound to that preview) and executed — or, when policy needs two approvers,
// left waiting for the second. Audited and traced under the incident's trace id.
import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { canApprove } from "@/lib/auth/roles";
import type { RemediationPorts } from "@/lib/remediation/ports";
import type { PreActionState } from "@/lib/remediation/plan";
import { assessAction, storeVerdict } from "@/lib/remediation/guard";
import { previewAction } from "@/lib/remediation/preview";
import { approveAction, type Decider, type Decision } from "@/lib/remediation/decide";
import { lockAction } from "@/lib/remediation/lock";

export type Undo = { undoId: string | null; decision: Decision };

export async function undoAction(db: Db, actionId: string, user: Decider, ports: RemediationPorts): Promise<Undo> {
  const refuse = (code: "forbidden" | "not_found" | "not_pending", message: string): Undo => ({
    undoId: null,
    decision: { ok: false, code, message },
  });
  if (!canApprove(user.role)) return refuse("forbidden", `a ${user.role} cannot roll back actions; responders and admins can`);
  const original = await db.proposedAction.findUnique({ where: { id: actionId } });
  if (!original) return refuse("not_found", "no such action");
  if (original.state !== "executed")
    return refuse("not_pending", `only an executed action can be rolled back; this one is ${original.state.replace("_", " ")}`);
  if (!original.preActionState) return refuse("not_pending", "the action saved no pre-action state to restore");
  if (original.rollbackOfId) return refuse("not_pending", "a rollback is not rolled back in turn: propose a new action instead");

  // An undo already proposed (a second approver pending, a failed try, a click at the same
  // moment) is reused, not duplicated: decided under the original's lock, so two clicks
  // take turns and the second finds the first's undo.
  const pre = original.preActionState as PreActionState;
  const claimed = await db.$transaction(async (tx) => {
    await lockAction(tx, original.id);
    const existing = await tx.proposedAction.findUnique({ where: { rollbackOfId: original.id } });
    if (existing?.state === "proposed") return existing;
    if (existing && !["failed", "expired", "rejected"].includes(existing.state))
      return `a rollback of this action is already ${existing.state.replace("_", " ")}`;
    // A finished try stays in the record, unlinked, and a fresh undo takes its place.
    if (existing) await tx.proposedAction.update({ where: { id: existing.id }, data: { rollbackOfId: null } });
    const created = await tx.proposedAction.create({
      data: {
        incidentId: original.incidentId,
        traceId: original.traceId,
        kind: original.kind,
        targetKind: original.targetKind,
        namespace: original.namespace,
        name: original.name,
        replicas: pre.replicas,
        risk: original.risk,
        rationale: `Undo the ${original.kind}: restore ${original.namespace}/${original.name} as it was before (revision ${pre.revision ?? "?"}, ${pre.replicas ?? "?"} replicas).`,
        confidence: 1,
        rollbackOfId: original.id,
      },
    });
    await appendAudit(prismaSql(tx), [
      {
        action: "action.rollback_proposed",
        actorType: "user",
        actorId: user.id,
        incidentId: original.incidentId,
        traceId: original.traceId,
        targetType: "ProposedAction",
        targetId: created.id,
        data: { rollbackOf: original.id },
      },
    ]);
    return created;
  });
  if (typeof claimed === "string") return refuse("not_pending", claimed);
  const undo = claimed;
  const verdict = await assessAction(db, undo, ports);
  await storeVerdict(db, undo, verdict);
  if (!verdict.allowed)
    return {
      undoId: undo.id,
      decision: {
        ok: false,
        code: "refused_by_policy",
        message: verdict.reasons
          .filter((r) => !r.ok)
          .map((r) => r.message)
          .join("; "),
      },
    };
  await previewAction(db, undo.id, ports);
  const previewed = await db.proposedAction.findUniqueOrThrow({ where: { id: undo.id } });
  if (!previewed.previewHash) {
    const error = (previewed.preview as { dryRun?: { error?: string } } | null)?.dryRun?.error ?? "the preview failed";
    return { undoId: undo.id, decision: { ok: false, code: "no_preview", message: `the rollback cannot be applied: ${error}` } };
  }
  return { undoId: undo.id, decision: await approveAction(db, { actionId: undo.id, previewHash: previewed.previewHash }, user, ports) };
}
