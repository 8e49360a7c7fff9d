// Preview: the exact patch an action will send, run as a server-side dry run (dryRun=All)
// against the object's current resourceVersion, and the readable diff of what the API
// server says would change. An approval is bound to this preview by its hash: the patch and
// the object's generation together, so a changed spec or a changed plan voids it. (The
// generation, not the resourceVersion: a crash-looping Deployment's status changes every few
// seconds, and an approval must survive that; a change to what it runs must not.)
import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { DeploymentPatch } from "@/lib/cluster/port";
import { canonicalJson } from "@/lib/cluster/patch";
import { ClusterWriteError } from "@/lib/cluster/write-error";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { planAction, specChanges, type PreActionState, type SpecChange } from "@/lib/remediation/plan";
import { lockAction } from "@/lib/remediation/lock";

// States whose preview may still change: once approved, the preview is what was approved.
const previewable = ["proposed", "refused"];

export type Preview = {
  summary: string;
  patch: DeploymentPatch | null;
  changes: SpecChange[];
  /** The dry run's verdict: only an accepted dry run can be approved. */
  dryRun: { ok: true } | { ok: false; error: string };
  /** The object's spec version when previewed: an approval is for this version only. */
  generation: number | null;
  at: string;
};

export function previewHash(patch: DeploymentPatch, generation: number | null): string {
  return createHash("sha256").update(canonicalJson({ patch, generation })).digest("hex");
}

/** Computes, dry-runs and stores the preview of a proposed action; returns it. */
export async function previewAction(db: Db, actionId: string, ports: RemediationPorts): Promise<Preview> {
  const action = await db.proposedAction.findUniqueOrThrow({ where: { id: actionId }, include: { rollbackOf: true } });
  const now = ports.now();
  const failed = (summary: string, error: string): Preview => ({
    summary,
    patch: null,
    changes: [],
    dryRun: { ok: false, error },
    generation: null,
    at: now.toISOString(),
  });

  let preview: Preview;
  let resourceVersion: string | null = null;
  let generation: number | null = null;
  const deployment = await ports.cluster.getDeployment(action.namespace, action.name).catch((err: Error) => err);
  if (deployment instanceof Error) preview = failed("the Deployment could not be read", deployment.message.split("\n")[0]!);
  else if (!deployment) preview = failed(`Deployment ${action.namespace}/${action.name} does not exist`, "not found");
  else {
    resourceVersion = deployment.metadata?.resourceVersion ?? null;
    generation = deployment.metadata?.generation ?? null;
    const restore = action.rollbackOf ? (action.rollbackOf.preActionState as PreActionState | null) : undefined;
    const plan =
      action.rollbackOf && !restore
        ? { ok: false as const, reason: "the action to undo saved no pre-action state" }
        : await planAction(action, deployment, ports.cluster, now, restore ?? undefined);
    if (!plan.ok) preview = failed(plan.reason, plan.reason);
    else {
      try {
        const after = await ports.writer.patchDeployment(action.namespace, action.name, plan.patch, {
          traceId: action.traceId,
          dryRun: true,
          resourceVersion: resourceVersion ?? undefined,
        });
        preview = {
          summary: plan.summary,
          patch: plan.patch,
          changes: specChanges(deployment, after),
          dryRun: { ok: true },
          generation,
          at: now.toISOString(),
        };
      } catch (err) {
        const message = err instanceof ClusterWriteError ? err.message : `dry run failed: ${(err as Error).message}`;
        preview = {
          summary: plan.summary,
          patch: plan.patch,
          changes: [],
          dryRun: { ok: false, error: message },
          generation,
          at: now.toISOString(),
        };
      }
    }
  }

  const hash = preview.patch && preview.dryRun.ok && resourceVersion ? previewHash(preview.patch, generation) : null;
  await db.$transaction(async (tx) => {
    // Taken in turn with approvals; and never rewrite what was approved, is running or ran.
    const locked = await lockAction(tx, actionId);
    if (!locked || !previewable.includes(locked.state)) return;
    await tx.proposedAction.update({
      where: { id: actionId },
      data: { preview: preview as object, previewHash: hash, resourceVersion, previewedAt: now },
    });
    // Approvals are for what their givers saw: a different change voids them.
    const voided = await tx.approval.updateMany({
      where: { actionId, decision: "approved", usedAt: null, expiresAt: { gt: now }, ...(hash ? { NOT: { previewHash: hash } } : {}) },
      data: { expiresAt: now },
    });
    if (voided.count > 0) {
      await appendAudit(prismaSql(tx), [
        {
          action: "action.approvals_voided",
          actorType: "system",
          incidentId: action.incidentId,
          traceId: action.traceId,
          targetType: "ProposedAction",
          targetId: actionId,
          data: { voided: voided.count, previousHash: locked.previewHash, previewHash: hash },
        },
      ]);
    }
    await appendAudit(prismaSql(tx), [
      {
        action: "action.previewed",
        actorType: "system",
        incidentId: action.incidentId,
        traceId: action.traceId,
        targetType: "ProposedAction",
        targetId: actionId,
        data: {
          dryRun: preview.dryRun.ok,
          error: preview.dryRun.ok ? null : preview.dryRun.error,
          resourceVersion,
          changes: preview.changes.length,
        },
      },
    ]);
  });
  return preview;
}
