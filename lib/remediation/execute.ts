// The executor: claims an approved action exactly once (a conditional update, approvals
// consumed in the same transaction), saves the object's pre-action state, sends the
// previewed patch — bound to the previewed resourceVersion, carrying the trace id — and
// records the outcome. A single PATCH either lands or not; when the answer is lost (a
// timeout), the object is read back to find out which, so nothing is left half-known.
import "server-only";
import { lockAction } from "@/lib/remediation/lock";
import type { V1Deployment } from "@kubernetes/client-node";
import type { Db } from "@/lib/db/client";
import type { DeploymentPatch } from "@/lib/cluster/port";
import { applyPatchLocally, jsonEqual } from "@/lib/cluster/patch";
import { ClusterWriteError } from "@/lib/cluster/write-error";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { incidentLogger } from "@/lib/log";
import { inIncidentSpan } from "@/lib/tracing/spans";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { preActionState } from "@/lib/remediation/plan";
import type { Preview } from "@/lib/remediation/preview";
import { notifyAction } from "@/lib/remediation/notify";
import { moveAction } from "@/lib/remediation/transitions";
import { moveIncident } from "@/lib/incidents/transitions";
import type { ProposedAction } from "@/lib/generated/prisma/client";

export type Execution =
  { ok: true; resourceVersion: string | null } | { ok: false; reason: string; kind: "not_claimed" | "expired" | "changed" | "cluster" };

type Actor = { type: "user"; id: string } | { type: "system"; policy: string };

/**
 * Moves `approved` → `executing` if, and only if, enough unexpired, unused approvals of the
 * current preview exist (or an autonomous policy stands in for them); marks them used.
 */
async function claim(
  db: Db,
  actionId: string,
  now: Date,
  required: number,
  autonomous: boolean,
): Promise<{ ok: true } | { ok: false; expired: boolean }> {
  return db.$transaction(async (tx) => {
    // Only approvals of the preview that will run count, read under the action's lock.
    const current = await lockAction(tx, actionId);
    if (!current) return { ok: false, expired: false };
    const approvals = await tx.approval.findMany({
      where: { actionId, decision: "approved", usedAt: null, expiresAt: { gt: now }, previewHash: current.previewHash ?? "" },
    });
    if (!autonomous && approvals.length < required) {
      const expired = await moveAction(tx, actionId, ["approved"], "expired", {
        audit: {
          action: "action.expired",
          actorType: "system",
          incidentId: current.incidentId,
          traceId: current.traceId,
          data: { approvals: approvals.length, required },
        },
      });
      return { ok: false, expired };
    }
    // The claim itself is recorded by the action.executing event written just before the
    // request goes out; one that never goes out is settled, and audited, by the sweep.
    const claimed = await moveAction(tx, actionId, ["approved"], "executing", { data: { claimedAt: now }, audit: null });
    if (!claimed) return { ok: false, expired: false };
    await tx.approval.updateMany({ where: { id: { in: approvals.map((a) => a.id) } }, data: { usedAt: now } });
    return { ok: true };
  });
}

export async function executeAction(db: Db, actionId: string, ports: RemediationPorts, actor: Actor): Promise<Execution> {
  const action = await db.proposedAction.findUniqueOrThrow({ where: { id: actionId } });
  const verdict = action.policyVerdict as { requiredApprovals?: number } | null;
  const claimed = await claim(db, actionId, ports.now(), verdict?.requiredApprovals ?? 1, actor.type === "system");
  if (!claimed.ok) {
    return claimed.expired
      ? { ok: false, kind: "expired", reason: "the approval expired before the action ran; approve it again" }
      : { ok: false, kind: "not_claimed", reason: "the action is not approved, or is already running" };
  }
  const preview = action.preview as Preview | null;
  const target = `${action.namespace}/${action.name}`;
  const request = `PATCH /apis/apps/v1/namespaces/${action.namespace}/deployments/${action.name}`;

  return inIncidentSpan(action.traceId, "execute", { "vigil.action.id": actionId, "vigil.action.kind": action.kind }, async () => {
    const fail = async (reason: string, detail: Record<string, unknown>): Promise<Execution> => {
      await settleFailed(db, action, ports, reason, { request, ...detail });
      return { ok: false, kind: detail.kind === "changed" ? "changed" : "cluster", reason };
    };

    if (!preview?.patch || !action.resourceVersion) return fail("the action has no previewed change to apply", { kind: "no_preview" });
    const patch = preview.patch as DeploymentPatch;
    let before: V1Deployment | null;
    try {
      before = await ports.cluster.getDeployment(action.namespace, action.name);
    } catch (err) {
      return fail(`could not read Deployment ${target} before writing: ${(err as Error).message.split("\n")[0]}`, { kind: "read" });
    }
    if (!before) return fail(`Deployment ${target} no longer exists`, { kind: "not_found", status: 404 });
    // Its spec must be the one previewed; its status may have moved on (pods come and go).
    if ((before.metadata?.generation ?? null) !== preview.generation) {
      return fail(
        `Deployment ${target} changed since the preview (generation ${preview.generation} → ${before.metadata?.generation}); preview it again`,
        { kind: "changed" },
      );
    }
    // Saved before the write, so an undo is possible whatever happens next; conditional on
    // the claim, so an action the sweep settled meanwhile (this process stalled for longer
    // than the sweep's timeout) is never written after all.
    const stillOurs = await db.proposedAction.updateMany({
      where: { id: actionId, state: "executing" },
      data: { preActionState: preActionState(before) as object },
    });
    if (stillOurs.count !== 1)
      return { ok: false, kind: "not_claimed", reason: "the action was settled while this request stalled; nothing was written" };
    await db.$transaction((tx) =>
      appendAudit(prismaSql(tx), [
        {
          action: "action.executing",
          actorType: actor.type === "user" ? "user" : "system",
          actorId: actor.type === "user" ? actor.id : null,
          incidentId: action.incidentId,
          traceId: action.traceId,
          targetType: "ProposedAction",
          targetId: actionId,
          data: {
            request,
            patchType: patch.type,
            resourceVersion: before.metadata?.resourceVersion ?? null,
            generation: preview.generation,
            ...(actor.type === "system" ? { autonomousPolicy: actor.policy } : {}),
          },
        },
      ]),
    );

    let after: V1Deployment;
    try {
      // Bound to the version just read: anything written in between makes this a 409.
      after = await ports.writer.patchDeployment(action.namespace, action.name, patch, {
        traceId: action.traceId,
        resourceVersion: before.metadata?.resourceVersion,
      });
    } catch (err) {
      const e = err instanceof ClusterWriteError ? err : null;
      if (e?.kind === "timeout" || e?.kind === "network") {
        // The answer was lost, not necessarily the write: read back what the cluster holds.
        const landed = await readBack(ports, action.namespace, action.name, before, patch);
        if (landed) after = landed;
        else return fail(`${e.message}; the Deployment is unchanged`, { kind: e.kind, status: e.status });
      } else
        return fail(e ? e.message : `${request} failed: ${(err as Error).message}`, {
          kind: e?.kind ?? "error",
          status: e?.status ?? null,
        });
    }

    await settleExecuted(db, action, ports, executionResult(request, before, after), actor.type === "system" ? actor.policy : null);
    return { ok: true, resourceVersion: after.metadata?.resourceVersion ?? null };
  });
}

/** What the executor records of a write that landed. */
export function executionResult(request: string, before: { metadata?: { resourceVersion?: string } } | null, after: V1Deployment) {
  return {
    request,
    status: 200,
    resourceVersion: { before: before?.metadata?.resourceVersion ?? null, after: after.metadata?.resourceVersion ?? null },
    generation: after.metadata?.generation ?? null,
    // The API server answers before the controller numbers the rollout: the revision
    // the write landed on; verification records the one it rolled out as.
    revisionAtWrite: after.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null,
    traceAnnotation: after.metadata?.annotations?.["vigil.dev/trace-id"] ?? null,
  };
}

/**
 * Records a write that landed: the action executed (verification picks it up from there),
 * the incident mitigating — or, for an undo, the undone action rolled back — all in one
 * transaction, then tells the humans. A no-op when the action is no longer executing.
 */
export async function settleExecuted(
  db: Db,
  action: ProposedAction,
  ports: RemediationPorts,
  result: ReturnType<typeof executionResult> & { settledBy?: string },
  autonomousPolicy: string | null,
): Promise<boolean> {
  const now = ports.now();
  const moved = await db.$transaction(async (tx) => {
    const done = await moveAction(tx, action.id, ["executing"], "executed", {
      data: { executedAt: now, result, ...(autonomousPolicy ? { autonomousPolicy } : {}) },
      audit: { action: "action.executed", actorType: "system", incidentId: action.incidentId, traceId: action.traceId, data: result },
    });
    if (!done) return false;
    // An undo is not a mitigation: the incident stays as it is.
    if (!action.rollbackOfId) {
      await moveIncident(
        prismaSql(tx),
        action.incidentId,
        ["open", "investigating", "awaiting_approval"],
        "mitigating",
        { actorType: "system", traceId: action.traceId, reason: "a fix was applied", data: { actionId: action.id } },
        now,
      );
    } else {
      await moveAction(tx, action.rollbackOfId, ["executed"], "rolled_back", {
        audit: {
          action: "action.rolled_back",
          actorType: "system",
          incidentId: action.incidentId,
          traceId: action.traceId,
          data: { undoneBy: action.id },
        },
      });
    }
    return true;
  });
  if (!moved) return false;
  incidentLogger(action.traceId, { incidentId: action.incidentId, actionId: action.id }).info(result, "action executed");
  await notifyAction(db, action.id, ports, { type: "action.result", result: "executed" });
  return true;
}

/** Records a write that did not land (or never went out), audited, then tells the humans. */
export async function settleFailed(
  db: Db,
  action: ProposedAction,
  ports: RemediationPorts,
  reason: string,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const moved = await db.$transaction((tx) =>
    moveAction(tx, action.id, ["executing"], "failed", {
      data: { error: reason.slice(0, 2000) },
      audit: {
        action: "action.failed",
        actorType: "system",
        incidentId: action.incidentId,
        traceId: action.traceId,
        data: { reason: reason.slice(0, 500), ...detail },
      },
    }),
  );
  if (!moved) return false;
  incidentLogger(action.traceId, { incidentId: action.incidentId, actionId: action.id }).warn({ reason, ...detail }, "action failed");
  await notifyAction(db, action.id, ports, { type: "action.result", result: "failed", reason });
  return true;
}

/** The object if it now holds exactly what the patch would have made of `before`, else null. */
async function readBack(
  ports: RemediationPorts,
  namespace: string,
  name: string,
  before: V1Deployment,
  patch: DeploymentPatch,
): Promise<V1Deployment | null> {
  const now = await ports.cluster.getDeployment(namespace, name).catch(() => null);
  return now && landed(before, now, patch) ? now : null;
}

/** Whether `now` is `before` with the patch applied: its spec moved on, to exactly what was sent. */
export function landed(before: V1Deployment, now: V1Deployment, patch: DeploymentPatch): boolean {
  if (now.metadata?.resourceVersion === before.metadata?.resourceVersion) return false;
  const intended = applyPatchLocally(before, patch);
  return (
    jsonEqual(intended.spec?.template, JSON.parse(JSON.stringify(now.spec?.template ?? null))) &&
    intended.spec?.replicas === now.spec?.replicas
  );
}
