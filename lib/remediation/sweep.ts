// The executing sweep: an action is sent inside one request, so a process that stops between
// the claim and the answer leaves it `executing`, where nothing else would ever settle it
// (the verifier reads only `executed`, an undo needs `executed`). Past a timeout, the sweep
// reads the object back and settles the action by what the cluster holds: the change landed,
// and the action is executed (verification starts from there); it did not, and it failed.
// Either way through the executor's own settle functions, so it is audited and notified alike.
import "server-only";
import type { V1Deployment } from "@kubernetes/client-node";
import type { Db } from "@/lib/db/client";
import type { ProposedAction } from "@/lib/generated/prisma/client";
import type { DeploymentPatch } from "@/lib/cluster/port";
import { incidentLogger } from "@/lib/log";
import type { RemediationPorts } from "@/lib/remediation/ports";
import type { PreActionState } from "@/lib/remediation/plan";
import type { Preview } from "@/lib/remediation/preview";
import { executionResult, landed, settleExecuted, settleFailed } from "@/lib/remediation/execute";

/**
 * How long an action may stay executing before the sweep decides it. Far beyond what a live
 * executor needs between its claim and its answer (one read, one write with a 10 s timeout,
 * one read back), so the sweep never judges a write still in flight.
 */
export const EXECUTING_TIMEOUT_MS = 2 * 60_000;

export type Settled = { actionId: string; outcome: "executed" | "failed" | "undecided"; reason: string };

/** Settles every action executing for longer than `timeoutMs`; returns what it decided. */
export async function sweepExecuting(db: Db, ports: RemediationPorts, timeoutMs = EXECUTING_TIMEOUT_MS): Promise<Settled[]> {
  const cutoff = new Date(ports.now().getTime() - timeoutMs);
  const stuck = await db.proposedAction.findMany({
    // claimedAt is null only for actions claimed before it was recorded: their last update stands in.
    where: { state: "executing", OR: [{ claimedAt: { lt: cutoff } }, { claimedAt: null, updatedAt: { lt: cutoff } }] },
    orderBy: { claimedAt: "asc" },
    take: 50,
  });
  const settled: Settled[] = [];
  for (const action of stuck) settled.push(await settle(db, action, ports));
  return settled;
}

async function settle(db: Db, action: ProposedAction, ports: RemediationPorts): Promise<Settled> {
  const target = `${action.namespace}/${action.name}`;
  const request = `PATCH /apis/apps/v1/namespaces/${action.namespace}/deployments/${action.name}`;
  const saved = action.preActionState as PreActionState | null;
  const patch = (action.preview as Preview | null)?.patch as DeploymentPatch | null | undefined;
  const detail = { request, kind: "interrupted", settledBy: "sweep" };
  const failed = async (reason: string): Promise<Settled> => {
    await settleFailed(db, action, ports, reason, detail);
    return { actionId: action.id, outcome: "failed", reason };
  };

  // The pre-action state is saved just before the write: without it, the write never went out.
  if (!saved || !patch) return failed("the process executing it stopped before sending the change; nothing was written");
  let now: V1Deployment | null;
  try {
    now = await ports.cluster.getDeployment(action.namespace, action.name);
  } catch (err) {
    // Unknown is not failed: the next pass asks again.
    const reason = `could not read Deployment ${target} back: ${(err as Error).message.split("\n")[0]}`;
    incidentLogger(action.traceId, { incidentId: action.incidentId, actionId: action.id }).warn(
      { reason },
      "executing sweep left the action for the next pass",
    );
    return { actionId: action.id, outcome: "undecided", reason };
  }
  if (!now) return failed(`the process executing it stopped mid-write, and Deployment ${target} no longer exists`);
  // The object as saved before the write: its spec, which is all `landed` compares (the
  // annotations map is there for patches that replace it, as a rollback's does).
  const before: V1Deployment = {
    metadata: { resourceVersion: saved.resourceVersion ?? undefined, generation: saved.generation ?? undefined, annotations: {} },
    spec: { replicas: saved.replicas ?? undefined, template: saved.template ?? {}, selector: {} },
  };
  if (!landed(before, now, patch))
    return failed(`the process executing it stopped mid-write; Deployment ${target} does not hold the change`);
  const reason = "the process executing it stopped mid-write; the change had landed";
  await settleExecuted(db, action, ports, { ...executionResult(request, before, now), settledBy: "sweep" }, action.autonomousPolicy);
  return { actionId: action.id, outcome: "executed", reason };
}
