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
import { inIncidentSpan } from "@/lib/tracing";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { preActionState } from "@/lib/remediation/plan";
import type { Preview } from "@/lib/remediation/preview";
import { notifyAction } from "@/lib/remediation/notify";

export type Execution =
  | { ok: true; resourceVersion: string | null }
  | { ok: false; reason: string; kind: "not_claimed" | "expired" | "changed" | "cluster" };

type Actor = { type: "user"; id: string } | { type: "system"; policy: string };

/**
 * Moves `approved` → `executing` if, and only if, enough unexpired, unused approvals exist
 * (or an autonomous policy stands in for them); marks them used. Null: someone else has it.
 */
async function claim(db: Db, actionId: string, now: Date, required: number, autonomous: boolean): Promise<{ ok: true } | { ok: false; expired: boolean }> {
  return db.$transaction(async (tx) => {
    // Only approvals of the preview that will run count, read under the action's lock.
    const current = await lockAction(tx, actionId);
    const approvals = await tx.approval.findMany({ where: { actionId, decision: "approved", usedAt: null, expiresAt: { gt: now }, previewHash: current?.previewHash ?? "" } });
    if (!autonomous && approvals.length < required) {
      const expired = await tx.proposedAction.updateMany({ where: { id: actionId, state: "approved" }, data: { state: "expired" } });
      if (expired.count === 1) {
        const action = await tx.proposedAction.findUniqueOrThrow({ where: { id: actionId } });
        await appendAudit(prismaSql(tx), [
          { action: "action.expired", actorType: "system", incidentId: action.incidentId, traceId: action.traceId, targetType: "ProposedAction", targetId: actionId, data: { approvals: approvals.length, required } },
        ]);
      }
      return { ok: false, expired: expired.count === 1 };
    }
    const claimed = await tx.proposedAction.updateMany({ where: { id: actionId, state: "approved" }, data: { state: "executing" } });
    if (claimed.count !== 1) return { ok: false, expired: false };
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
  const log = incidentLogger(action.traceId, { incidentId: action.incidentId, actionId });
  const preview = action.preview as Preview | null;
  const target = `${action.namespace}/${action.name}`;
  const request = `PATCH /apis/apps/v1/namespaces/${action.namespace}/deployments/${action.name}`;

  return inIncidentSpan(action.traceId, "execute", { "vigil.action.id": actionId, "vigil.action.kind": action.kind }, async () => {
    const fail = async (reason: string, detail: Record<string, unknown>): Promise<Execution> => {
      await db.$transaction(async (tx) => {
        await tx.proposedAction.update({ where: { id: actionId }, data: { state: "failed", error: reason.slice(0, 2000) } });
        await appendAudit(prismaSql(tx), [
          { action: "action.failed", actorType: "system", incidentId: action.incidentId, traceId: action.traceId, targetType: "ProposedAction", targetId: actionId, data: { request, reason: reason.slice(0, 500), ...detail } },
        ]);
      });
      log.warn({ reason, ...detail }, "action failed");
      await notifyAction(db, actionId, ports, { type: "action.result", result: "failed", reason });
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
      return fail(`Deployment ${target} changed since the preview (generation ${preview.generation} → ${before.metadata?.generation}); preview it again`, { kind: "changed" });
    }
    // Saved before the write, so an undo is possible whatever happens next.
    await db.proposedAction.update({ where: { id: actionId }, data: { preActionState: preActionState(before) as object } });
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
          data: { request, patchType: patch.type, resourceVersion: before.metadata?.resourceVersion ?? null, generation: preview.generation, ...(actor.type === "system" ? { autonomousPolicy: actor.policy } : {}) },
        },
      ]),
    );

    let after: V1Deployment;
    try {
      // Bound to the version just read: anything written in between makes this a 409.
      after = await ports.writer.patchDeployment(action.namespace, action.name, patch, { traceId: action.traceId, resourceVersion: before.metadata?.resourceVersion });
    } catch (err) {
      const e = err instanceof ClusterWriteError ? err : null;
      if (e?.kind === "timeout" || e?.kind === "network") {
        // The answer was lost, not necessarily the write: read back what the cluster holds.
        const landed = await readBack(ports, action.namespace, action.name, before, patch);
        if (landed) after = landed;
        else return fail(`${e.message}; the Deployment is unchanged`, { kind: e.kind, status: e.status });
      } else return fail(e ? e.message : `${request} failed: ${(err as Error).message}`, { kind: e?.kind ?? "error", status: e?.status ?? null });
    }

    const result = {
      request,
      status: 200,
      resourceVersion: { before: before.metadata?.resourceVersion ?? null, after: after.metadata?.resourceVersion ?? null },
      generation: after.metadata?.generation ?? null,
      // The API server answers before the controller numbers the rollout: the revision
      // the write landed on; verification records the one it rolled out as.
      revisionAtWrite: after.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null,
      traceAnnotation: after.metadata?.annotations?.["vigil.dev/trace-id"] ?? null,
    };
    const now = ports.now();
    await db.$transaction(async (tx) => {
      await tx.proposedAction.update({
        where: { id: actionId },
        data: { state: "executed", executedAt: now, result, ...(actor.type === "system" ? { autonomousPolicy: actor.policy } : {}) },
      });
      // An undo is not a mitigation: the incident stays as it is.
      if (!action.rollbackOfId) {
        await tx.incident.updateMany({ where: { id: action.incidentId, state: { in: ["open", "investigating", "awaiting_approval"] } }, data: { state: "mitigating", mitigatedAt: now } });
      } else {
        await tx.proposedAction.updateMany({ where: { id: action.rollbackOfId, state: "executed" }, data: { state: "rolled_back" } });
      }
      await appendAudit(prismaSql(tx), [
        { action: "action.executed", actorType: "system", incidentId: action.incidentId, traceId: action.traceId, targetType: "ProposedAction", targetId: actionId, data: result },
      ]);
    });
    log.info(result, "action executed");
    await notifyAction(db, actionId, ports, { type: "action.result", result: "executed" });
    return { ok: true, resourceVersion: result.resourceVersion.after };
  });
}

/** The object if it now holds exactly what the patch would have made of `before`, else null. */
async function readBack(ports: RemediationPorts, namespace: string, name: string, before: V1Deployment, patch: DeploymentPatch): Promise<V1Deployment | null> {
  const now = await ports.cluster.getDeployment(namespace, name).catch(() => null);
  if (!now || now.metadata?.resourceVersion === before.metadata?.resourceVersion) return null;
  const intended = applyPatchLocally(before, patch);
  const same = jsonEqual(intended.spec?.template, JSON.parse(JSON.stringify(now.spec?.template ?? null))) && intended.spec?.replicas === now.spec?.replicas;
  return same ? now : null;
}
