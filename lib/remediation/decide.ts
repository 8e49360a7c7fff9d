// A human's decision on a proposed action. Approval is refused unless the user may approve
// (responder or admin), the guard allows the action now, the user saw the current preview
// (its hash), and the object is still the version that was previewed — otherwise a fresh
// preview is made and shown. Approvals are single-use and expire; the state moves only by
// conditional updates, so concurrent clicks execute at most once. Every outcome is audited.
import "server-only";
import { terminalStates } from "@/lib/incidents/model";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { Prisma } from "@/lib/generated/prisma/client";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { canApprove } from "@/lib/auth/roles";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { assessAction, storeVerdict } from "@/lib/remediation/guard";
import { previewAction, type Preview } from "@/lib/remediation/preview";
import { executeAction, type Execution } from "@/lib/remediation/execute";
import { lockAction } from "@/lib/remediation/lock";
import { moveAction } from "@/lib/remediation/transitions";

export type Decider = { id: string; role: Role };

export type RefusalCode =
  | "forbidden"
  | "not_found"
  | "not_pending"
  | "incident_ended"
  | "refused_by_policy"
  | "no_preview"
  | "stale_preview"
  | "object_changed"
  | "already_decided";

export type Decision =
  | { ok: true; state: "approved"; execution: Execution }
  | { ok: true; state: "awaiting_second_approval"; approvals: number; required: number }
  | { ok: true; state: "rejected" }
  | { ok: false; code: RefusalCode; message: string };

const refused = (code: RefusalCode, message: string): Decision => ({ ok: false, code, message });

async function auditRefusal(
  db: Db,
  action: { id: string; incidentId: string; traceId: string },
  user: Decider,
  code: RefusalCode,
  message: string,
) {
  await db.$transaction((tx) =>
    appendAudit(prismaSql(tx), [
      {
        action: "action.approval_refused",
        actorType: "user",
        actorId: user.id,
        incidentId: action.incidentId,
        traceId: action.traceId,
        targetType: "ProposedAction",
        targetId: action.id,
        data: { code, message },
      },
    ]),
  );
}

export async function approveAction(
  db: Db,
  input: { actionId: string; previewHash: string; comment?: string },
  user: Decider,
  ports: RemediationPorts,
): Promise<Decision> {
  const action = await db.proposedAction.findUnique({ where: { id: input.actionId } });
  if (!action) return refused("not_found", "no such action");
  const refuse = async (code: RefusalCode, message: string) => {
    await auditRefusal(db, action, user, code, message);
    return refused(code, message);
  };
  if (!canApprove(user.role)) return refuse("forbidden", `a ${user.role} cannot approve actions; responders and admins can`);
  if (action.state !== "proposed") return refuse("not_pending", `the action is ${action.state.replace("_", " ")}, not awaiting approval`);
  // A person resolved or closed the incident: its fixes wait until someone reopens it. An undo
  // of what was already done stays possible (one-click rollback outlives the incident).
  if (!action.rollbackOfId) {
    const incident = await db.incident.findUnique({ where: { id: action.incidentId }, select: { number: true, state: true } });
    if (incident && terminalStates.includes(incident.state))
      return refuse("incident_ended", `INC-${incident.number} is ${incident.state}: reopen it to act on its proposals`);
  }
  if (action.policyAllowed === false) return refuse("refused_by_policy", "the guard refused this action; it cannot be approved");
  if (!action.previewHash || !action.resourceVersion) return refuse("no_preview", "the action has no successful preview to approve");
  if (input.previewHash !== action.previewHash)
    return refuse("stale_preview", "the preview changed since you loaded it; review the new one and approve again");

  // The guard again, with today's facts: watchtower, rate limits, replicas now.
  const verdict = await assessAction(db, action, ports);
  if (!verdict.allowed) {
    await storeVerdict(db, action, verdict);
    return refuse(
      "refused_by_policy",
      `the guard now refuses it: ${verdict.reasons
        .filter((r) => !r.ok)
        .map((r) => r.message)
        .join("; ")}`,
    );
  }
  const current = await ports.cluster.getDeployment(action.namespace, action.name).catch(() => null);
  if (!current || (current.metadata?.generation ?? null) !== ((action.preview as Preview | null)?.generation ?? null)) {
    await previewAction(db, action.id, ports);
    return refuse(
      "object_changed",
      `Deployment ${action.namespace}/${action.name} changed since the preview; a fresh preview is shown — review it and approve again`,
    );
  }

  // Checked before the insert, not only by the unique index: an aborted transaction is
  // costly on the embedded database, and this is the common case (a second click).
  if (await db.approval.findUnique({ where: { actionId_userId: { actionId: action.id, userId: user.id } } })) {
    return refuse("already_decided", "you have already approved this action; a second approval must come from someone else");
  }
  const now = ports.now();
  const outcome = await db
    .$transaction(async (tx) => {
      // Decisions on one action take turns: a second approver waits here for the first's
      // transaction, then sees its row (without the lock both count one and both wait).
      const locked = await lockAction(tx, action.id);
      if (locked?.state !== "proposed")
        throw new AlreadyDecided(`the action is ${locked?.state.replace("_", " ") ?? "gone"}, not awaiting approval`);
      // A preview made since this request read the action voided what it would approve.
      if (locked.previewHash !== input.previewHash)
        throw new AlreadyDecided("the preview changed since you loaded it; review the new one and approve again");
      await tx.approval.create({
        data: {
          actionId: action.id,
          userId: user.id,
          decision: "approved",
          comment: input.comment?.slice(0, 2000) || null,
          previewHash: locked.previewHash,
          resourceVersion: locked.resourceVersion,
          expiresAt: new Date(now.getTime() + ports.policy.approvalTtlMs),
        },
      });
      // Only approvals of exactly this preview count: an approval is for what its giver saw.
      const approvals = await tx.approval.count({
        where: { actionId: action.id, decision: "approved", usedAt: null, expiresAt: { gt: now }, previewHash: locked.previewHash },
      });
      const required = verdict.requiredApprovals;
      const audit = {
        actorType: "user" as const,
        actorId: user.id,
        incidentId: action.incidentId,
        traceId: action.traceId,
        targetType: "ProposedAction",
        targetId: action.id,
      };
      if (approvals < required) {
        await appendAudit(prismaSql(tx), [
          { ...audit, action: "action.approval_recorded", data: { approvals, required, previewHash: action.previewHash } },
        ]);
        return { state: "awaiting_second_approval" as const, approvals, required };
      }
      const moved = await moveAction(tx, action.id, ["proposed"], "approved", {
        audit: {
          ...audit,
          action: "action.approved",
          data: { approvals, required, previewHash: locked.previewHash, resourceVersion: locked.resourceVersion },
        },
      });
      // Someone else's click got there first: this approval is rolled back with the transaction.
      if (!moved) throw new AlreadyDecided("another approval got there first");
      return { state: "approved" as const };
    })
    .catch((err: unknown) => {
      if (err instanceof AlreadyDecided) return { state: "already" as const, message: err.message };
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
        return {
          state: "already" as const,
          message: "you have already approved this action; a second approval must come from someone else",
        };
      throw err;
    });
  if (outcome.state === "already") return refuse("already_decided", outcome.message);
  if (outcome.state === "awaiting_second_approval") return { ok: true, ...outcome };
  return { ok: true, state: "approved", execution: await executeAction(db, action.id, ports, { type: "user", id: user.id }) };
}

class AlreadyDecided extends Error {}

export async function rejectAction(
  db: Db,
  input: { actionId: string; comment?: string },
  user: Decider,
  ports: Pick<RemediationPorts, "now">,
): Promise<Decision> {
  const action = await db.proposedAction.findUnique({ where: { id: input.actionId } });
  if (!action) return refused("not_found", "no such action");
  if (!canApprove(user.role)) {
    await auditRefusal(db, action, user, "forbidden", `a ${user.role} cannot reject actions`);
    return refused("forbidden", `a ${user.role} cannot reject actions; responders and admins can`);
  }
  const now = ports.now();
  const done = await db.$transaction(async (tx) => {
    const moved = await moveAction(tx, action.id, ["proposed", "refused"], "rejected", {
      audit: {
        action: "action.rejected",
        actorType: "user",
        actorId: user.id,
        incidentId: action.incidentId,
        traceId: action.traceId,
        data: { comment: input.comment?.slice(0, 500) ?? null },
      },
    });
    if (!moved) return false;
    await tx.approval.upsert({
      where: { actionId_userId: { actionId: action.id, userId: user.id } },
      create: {
        actionId: action.id,
        userId: user.id,
        decision: "rejected",
        comment: input.comment?.slice(0, 2000) || null,
        expiresAt: now,
      },
      update: { decision: "rejected", comment: input.comment?.slice(0, 2000) || null },
    });
    return true;
  });
  return done
    ? { ok: true, state: "rejected" }
    : refused("not_pending", `the action is ${action.state.replace("_", " ")}; there is nothing to reject`);
}

/** An autonomous policy stands in for the human: approved by the system, executed at once. */
export async function approveAutonomously(db: Db, actionId: string, policy: string, ports: RemediationPorts): Promise<Execution> {
  const action = await db.proposedAction.findUniqueOrThrow({ where: { id: actionId } });
  // Only an action the guard allowed: the policy's verdict is read under the lock with the state.
  const moved = await db.$transaction(async (tx) => {
    const locked = await lockAction(tx, actionId);
    if (locked?.policyAllowed !== true) return false;
    return moveAction(tx, actionId, ["proposed"], "approved", {
      data: { autonomousPolicy: policy },
      audit: {
        action: "action.approved",
        actorType: "system",
        incidentId: action.incidentId,
        traceId: action.traceId,
        data: { autonomousPolicy: policy, previewHash: locked.previewHash },
      },
    });
  });
  if (!moved) return { ok: false, kind: "not_claimed", reason: "the action is no longer proposed" };
  return executeAction(db, actionId, ports, { type: "system", policy });
}
