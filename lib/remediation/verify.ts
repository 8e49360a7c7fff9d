// Verification: after an action runs, did it work? Effective when the rollout is complete
// and ready AND the incident's alerts have cleared — resolved by Alertmanager, or, where
// Prometheus is configured, the alert's own PromQL condition no longer returning anything
// (checked only for expressions that did return data at the alert's start, so an unknown
// expression is never taken for a cleared one). Not effective by the deadline: ineffective;
// three ineffective actions, and the incident is escalated to humans.
import "server-only";
import type { V1Deployment } from "@kubernetes/client-node";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql, type Sql } from "@/lib/db/sql";
import { moveIncident } from "@/lib/incidents/transitions";
import { incidentLogger } from "@/lib/log";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { notifyAction } from "@/lib/remediation/notify";
import { escalateIncident } from "@/lib/remediation/escalate";

export const MAX_INEFFECTIVE = 3;

export type Verification = {
  /** The revision the Deployment rolled out as, once the controller has seen the change. */
  rollout: { ready: boolean; detail: string; revision?: string | null };
  alerts: { cleared: boolean; detail: string };
  promql: { cleared: boolean | null; detail: string };
  checkedAt: string;
};

/** kubectl rollout status's test: the controller saw this generation and every replica is updated and available. */
export function rolloutReady(d: V1Deployment | null): { ready: boolean; detail: string } {
  if (!d) return { ready: false, detail: "the Deployment is gone" };
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0))
    return { ready: false, detail: "waiting for the controller to observe the change" };
  if ((s.updatedReplicas ?? 0) < want) return { ready: false, detail: `${s.updatedReplicas ?? 0} of ${want} replicas updated` };
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0))
    return { ready: false, detail: `${(s.replicas ?? 0) - (s.updatedReplicas ?? 0)} old replicas pending termination` };
  if ((s.availableReplicas ?? 0) < want)
    return { ready: false, detail: `${s.availableReplicas ?? 0} of ${want} updated replicas available` };
  return { ready: true, detail: `${want} of ${want} replicas updated and available` };
}

/** The `g0.expr` of a Prometheus alert's generatorURL. */
export function alertExpression(generatorURL: string | null): string | null {
  if (!generatorURL) return null;
  try {
    return new URL(generatorURL).searchParams.get("g0.expr");
  } catch {
    return null;
  }
}

async function promqlCleared(
  db: Db,
  incidentId: string,
  since: Date,
  ports: RemediationPorts,
): Promise<{ cleared: boolean | null; detail: string }> {
  if (!ports.metrics) return { cleared: null, detail: "no Prometheus configured" };
  const alerts = await db.alert.findMany({ where: { incidentId, status: "firing" } });
  const exprs = [...new Set(alerts.map((a) => alertExpression(a.generatorURL)).filter((e): e is string => !!e))];
  if (exprs.length === 0) return { cleared: null, detail: "the alerts carry no PromQL expression" };
  const now = ports.now();
  const start = new Date(Math.min(since.getTime(), ...alerts.map((a) => a.startsAt.getTime())));
  let clearedAll = true;
  for (const expr of exprs) {
    const series = await ports.metrics.reader.queryRange(expr, start, now, 15).catch(() => null);
    const points = series?.flatMap((s) => s.values) ?? [];
    if (!series || points.length === 0) return { cleared: null, detail: "the alert's expression returned no data to compare" };
    const recent = points.filter(([t]) => t * 1000 >= now.getTime() - 60_000);
    if (recent.length > 0) clearedAll = false;
  }
  return {
    cleared: clearedAll,
    detail: clearedAll ? "the alert's PromQL condition no longer holds" : "the alert's PromQL condition still holds",
  };
}

export async function checkAction(db: Db, actionId: string, ports: RemediationPorts): Promise<Verification> {
  const action = await db.proposedAction.findUniqueOrThrow({ where: { id: actionId } });
  const [deployment, firing, total] = await Promise.all([
    ports.cluster.getDeployment(action.namespace, action.name).catch(() => null),
    db.alert.count({ where: { incidentId: action.incidentId, status: "firing" } }),
    db.alert.count({ where: { incidentId: action.incidentId } }),
  ]);
  const promql =
    firing > 0
      ? await promqlCleared(db, action.incidentId, action.executedAt ?? ports.now(), ports)
      : { cleared: null, detail: "not needed: the alerts resolved" };
  const observed = deployment && (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  return {
    rollout: {
      ...rolloutReady(deployment),
      revision: observed ? (deployment.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null) : null,
    },
    alerts: { cleared: firing === 0, detail: firing === 0 ? `all ${total} alerts resolved` : `${firing} of ${total} alerts still firing` },
    promql,
    checkedAt: ports.now().toISOString(),
  };
}

export const isEffective = (v: Verification) => v.rollout.ready && (v.alerts.cleared || v.promql.cleared === true);

/** Queues a fresh investigation inside the caller's transaction (lib/jobs/investigations.ts). */
export type Reinvestigate = (sql: Sql, incidentId: string, traceId: string) => Promise<void>;

/**
 * One verification pass over an executed action: marks it effective, or ineffective once
 * the deadline has passed, else leaves it pending with the latest check. Returns the outcome.
 * After an ineffective action that does not escalate, the incident goes back to
 * investigating and `reinvestigate` queues the next investigation — in the verdict's
 * transaction, so a crash never leaves one without the other.
 */
export async function verifyAction(
  db: Db,
  actionId: string,
  ports: RemediationPorts,
  reinvestigate?: Reinvestigate,
): Promise<"effective" | "ineffective" | "pending"> {
  const action = await db.proposedAction.findUniqueOrThrow({ where: { id: actionId } });
  if (action.state !== "executed" || action.effective !== null || !action.executedAt)
    return action.effective === null ? "pending" : action.effective ? "effective" : "ineffective";
  const check = await checkAction(db, actionId, ports);
  const effective = isEffective(check);
  const overdue = ports.now().getTime() - action.executedAt.getTime() >= ports.policy.verifyTimeoutMs;
  // An undo is verified by its rollout alone: it restores, it does not have to fix.
  const undoDone = action.rollbackOfId !== null && check.rollout.ready;
  if (!effective && !undoDone && !overdue) {
    await db.proposedAction.updateMany({ where: { id: actionId, effective: null }, data: { verification: check as object } });
    return "pending";
  }
  const verdict = effective || undoDone;
  const outcome = await db.$transaction(async (tx) => {
    const m = await tx.proposedAction.updateMany({
      where: { id: actionId, effective: null },
      data: { effective: verdict, verification: check as object, verifiedAt: ports.now() },
    });
    if (m.count !== 1) return null;
    const sql = prismaSql(tx);
    await appendAudit(sql, [
      {
        action: verdict ? "action.verified" : "action.ineffective",
        actorType: "system",
        incidentId: action.incidentId,
        traceId: action.traceId,
        targetType: "ProposedAction",
        targetId: actionId,
        data: check,
      },
    ]);
    if (verdict || action.rollbackOfId) return { escalate: null };
    const ineffective = await tx.proposedAction.count({ where: { incidentId: action.incidentId, effective: false, rollbackOfId: null } });
    if (ineffective >= MAX_INEFFECTIVE) return { escalate: `${ineffective} actions did not resolve the incident` };
    // Back to awaiting a fix: the next investigation proposes again with what is known now.
    const moved = await moveIncident(
      sql,
      action.incidentId,
      ["mitigating"],
      "investigating",
      { actorType: "system", traceId: action.traceId, reason: "the fix did not resolve the incident", data: { actionId } },
      ports.now(),
    );
    if (moved) await reinvestigate?.(sql, action.incidentId, action.traceId);
    return { escalate: null };
  });
  if (!outcome) return verdict ? "effective" : "ineffective";
  incidentLogger(action.traceId, { incidentId: action.incidentId, actionId }).info({ effective: verdict, check }, "action verified");
  if (action.rollbackOfId) return verdict ? "effective" : "ineffective";
  await notifyAction(db, actionId, ports, {
    type: "action.result",
    result: verdict ? "verified" : "ineffective",
    reason: verdict ? null : `${check.rollout.detail}; ${check.alerts.detail}`,
  });
  if (outcome.escalate) await escalateIncident(db, action.incidentId, outcome.escalate, ports);
  return verdict ? "effective" : "ineffective";
}

/** Every executed action still waiting for its verdict. */
export async function pendingVerifications(db: Db): Promise<string[]> {
  const rows = await db.proposedAction.findMany({
    where: { state: "executed", effective: null },
    select: { id: true },
    orderBy: { executedAt: "asc" },
    take: 100,
  });
  return rows.map((r) => r.id);
}
