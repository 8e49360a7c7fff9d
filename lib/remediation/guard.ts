// Runs the policy over stored proposals: gathers the facts the pure policy needs (the
// incident's resolved workload, the root cause of the RCA that proposed the action, the
// target's replicas now, recent executions on it, the model's health), stores the verdict
// with every reason, refuses what it must, previews what it allows, asks a human — or, when
// an autonomous rule covers it, acts without one.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { ProposedAction } from "@/lib/generated/prisma/client";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { incidentLogger } from "@/lib/log";
import { evaluatePolicy, type PolicyVerdict, type WorkloadRef } from "@/lib/remediation/policy";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { previewAction } from "@/lib/remediation/preview";
import { notifyAction } from "@/lib/remediation/notify";
import { lockAction } from "@/lib/remediation/lock";
import { moveAction } from "@/lib/remediation/transitions";

type Subject = { namespace: string; name: string; kind: string };

/** The workload the investigation resolved for the action's run, else the incident's labels. */
async function incidentWorkloads(db: Db, action: ProposedAction): Promise<{ namespace: string; workloads: WorkloadRef[] }> {
  const incident = await db.incident.findUniqueOrThrow({ where: { id: action.incidentId } });
  const collect = action.agentRunId ? await db.agentStep.findFirst({ where: { runId: action.agentRunId, kind: "collect" } }) : null;
  const subject = (collect?.output as { subject?: Subject } | null)?.subject;
  if (subject && subject.kind !== "unknown")
    return { namespace: subject.namespace, workloads: [{ kind: subject.kind, namespace: subject.namespace, name: subject.name }] };
  const namespace = incident.namespace ?? subject?.namespace ?? "";
  return {
    namespace,
    workloads: incident.workload ? [{ kind: incident.workloadKind ?? "Deployment", namespace, name: incident.workload }] : [],
  };
}

/** The root cause of the run that proposed the action, as stored with its RCA; null when there is none. */
async function proposingCause(db: Db, action: ProposedAction): Promise<string | null> {
  if (!action.agentRunId) return null;
  const run = await db.agentRun.findUnique({ where: { id: action.agentRunId }, select: { rootCause: true } });
  return run?.rootCause ?? null;
}

/** The policy's verdict on an action as things stand now. */
export async function assessAction(db: Db, action: ProposedAction, ports: RemediationPorts): Promise<PolicyVerdict> {
  const [incident, rootCause] = await Promise.all([incidentWorkloads(db, action), proposingCause(db, action)]);
  // An undo targets what its original changed, which the guard already checked.
  if (action.rollbackOfId) {
    const original = await db.proposedAction.findUniqueOrThrow({ where: { id: action.rollbackOfId } });
    incident.workloads.push({ kind: original.targetKind, namespace: original.namespace, name: original.name });
  }
  const windowStart = new Date(ports.now().getTime() - ports.policy.rateWindowMinutes * 60_000);
  const [deployment, recentExecutions] = await Promise.all([
    action.kind === "scale" ? ports.cluster.getDeployment(action.namespace, action.name).catch(() => null) : Promise.resolve(null),
    db.proposedAction.count({ where: { namespace: action.namespace, name: action.name, executedAt: { gte: windowStart } } }),
  ]);
  return evaluatePolicy(
    {
      action: {
        kind: action.kind,
        namespace: action.namespace,
        name: action.name,
        targetKind: action.targetKind,
        replicas: action.replicas,
        risk: action.risk,
        // An undo restores a state people ran before: the model's confidence is not the question.
        confidence: action.rollbackOfId ? 1 : action.confidence,
        undo: action.rollbackOfId !== null,
      },
      rootCause,
      incident,
      currentReplicas: deployment?.spec?.replicas ?? null,
      recentExecutions,
      watchtower: ports.watchtower(),
    },
    ports.policy,
  );
}

/**
 * Stores a verdict; a refusal makes the action un-approvable for good. Written under the
 * action's lock and only while it is still proposed: the verdict was reached on a copy read
 * before a slow check, and an action approved or decided meanwhile keeps what it has.
 */
export async function storeVerdict(db: Db, action: ProposedAction, verdict: PolicyVerdict): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const locked = await lockAction(tx, action.id);
    if (locked?.state !== "proposed") return false;
    const data = { policyAllowed: verdict.allowed, policyVerdict: verdict as object };
    const audit = {
      action: "action.guarded" as const,
      actorType: "system" as const,
      incidentId: action.incidentId,
      traceId: action.traceId,
      data: {
        allowed: verdict.allowed,
        refused: verdict.reasons.filter((r) => !r.ok).map((r) => r.message),
        requiredApprovals: verdict.requiredApprovals,
        autonomous: verdict.autonomous,
      },
    };
    if (!verdict.allowed && action.kind !== "none") return moveAction(tx, action.id, ["proposed"], "refused", { data, audit });
    await tx.proposedAction.update({ where: { id: action.id }, data });
    await appendAudit(prismaSql(tx), [{ ...audit, targetType: "ProposedAction", targetId: action.id }]);
    return true;
  });
}

/**
 * Guards every fresh proposal of an incident: verdict, preview for the allowed ones, a
 * notification that a human is needed — or autonomous execution where policy allows it.
 * `execute` is injected to keep this module free of the executor's imports.
 */
export async function guardProposals(
  db: Db,
  incidentId: string,
  ports: RemediationPorts,
  autonomous: (actionId: string, policy: string) => Promise<void>,
): Promise<void> {
  const fresh = await db.proposedAction.findMany({
    where: { incidentId, state: "proposed", policyAllowed: null },
    orderBy: { rank: "asc" },
  });
  for (const action of fresh) {
    const verdict = await assessAction(db, action, ports);
    if (!(await storeVerdict(db, action, verdict)) || !verdict.allowed) continue;
    const preview = await previewAction(db, action.id, ports);
    const log = incidentLogger(action.traceId, { incidentId, actionId: action.id });
    if (verdict.autonomous.allowed && preview.dryRun.ok && action.rank === 1) {
      log.info({ policy: verdict.autonomous.policy }, "autonomous policy allows the action: executing without a click");
      await autonomous(action.id, verdict.autonomous.policy ?? "autonomous");
      continue;
    }
    await notifyAction(db, action.id, ports, { type: "approval.needed", requiredApprovals: verdict.requiredApprovals });
  }
}
