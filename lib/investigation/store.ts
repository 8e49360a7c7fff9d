// Persistence of an investigation: its agent run, each step with timings, the evidence
// (with its short ids and the trace id), the RCA and the proposed actions — each change
// audited in the transaction that makes it.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { EvidenceItem } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { moveIncident } from "@/lib/incidents/transitions";
import { countTokens, itemText } from "@/lib/evidence/tokens";
import { emit } from "@/lib/stream/write";

export type RunRef = { runId: string; incidentId: string; traceId: string };

export async function recordStep<T>(
  db: Db,
  run: RunRef,
  index: number,
  kind: string,
  name: string,
  work: () => Promise<T>,
  describe: (result: T) => unknown,
): Promise<T> {
  const startedAt = new Date();
  const step = await db.agentStep.create({ data: { runId: run.runId, index, kind, name, startedAt } });
  await emit(db, run.incidentId, run.runId, [{ kind: "step.started", data: { runId: run.runId, index, kind, name } }]);
  const finish = async (data: { output?: object; error?: string }) => {
    const finishedAt = new Date();
    const durationMs = finishedAt.getTime() - startedAt.getTime();
    await db.agentStep.update({ where: { id: step.id }, data: { finishedAt, durationMs, ...data } });
    await emit(db, run.incidentId, run.runId, [
      { kind: "step.finished", data: { runId: run.runId, index, name, durationMs, ...(data.error ? { error: data.error } : {}) } },
    ]);
  };
  try {
    const result = await work();
    await finish({ output: describe(result) as object });
    return result;
  } catch (err) {
    await finish({ error: (err as Error).message });
    throw err;
  }
}

export async function storeEvidence(db: Db, run: RunRef, items: EvidenceItem[], inContext: Set<string>): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.evidence.createMany({
      data: items.map((i) => ({
        incidentId: run.incidentId,
        agentRunId: run.runId,
        traceId: run.traceId,
        ref: i.id,
        source: i.source,
        title: i.title,
        content: i.lines.join("\n"),
        score: i.score,
        tokens: countTokens(itemText(i)),
        inContext: inContext.has(i.id),
        redactions: i.redactions,
        ...(i.data ? { data: i.data as object } : {}),
      })),
    });
    await appendAudit(prismaSql(tx), [
      {
        action: "evidence.collected",
        actorType: "agent",
        incidentId: run.incidentId,
        traceId: run.traceId,
        targetType: "AgentRun",
        targetId: run.runId,
        data: { items: items.length, inContext: inContext.size, redactions: items.reduce((n, i) => n + i.redactions, 0) },
      },
    ]);
  });
  const tokens = items.filter((i) => inContext.has(i.id)).reduce((n, i) => n + countTokens(itemText(i)), 0);
  await emit(db, run.incidentId, run.runId, [
    { kind: "evidence", data: { runId: run.runId, items: items.length, inContext: inContext.size, tokens } },
  ]);
}

/** Stores the RCA and its proposals, and moves the incident on: to awaiting approval when
 * there is something to approve, otherwise it stays with the humans as investigating. */
export type RcaMeta = {
  latencyMs: number;
  promptTokens: number;
  model?: string;
  fallbackReason?: string;
  watchtower?: { active: boolean; reason: string | null };
};

export async function storeRca(db: Db, run: RunRef, rca: Rca, engine: string, timing: RcaMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.agentRun.update({
      where: { id: run.runId },
      data: {
        status: "succeeded",
        engine,
        model: timing.model ?? null,
        result: rca as object,
        rootCause: rca.rootCause,
        confidence: rca.confidence,
        latencyMs: timing.latencyMs,
        promptTokens: timing.promptTokens,
        // Why the model's answer is not the one shown, when it is not.
        error: timing.fallbackReason ?? null,
        finishedAt: new Date(),
      },
    });
    const actions = await Promise.all(
      rca.actions.map((a, i) =>
        tx.proposedAction.create({
          data: {
            incidentId: run.incidentId,
            agentRunId: run.runId,
            traceId: run.traceId,
            rank: i + 1,
            kind: a.action,
            targetKind: a.target.kind,
            namespace: a.target.namespace,
            name: a.target.name,
            replicas: a.replicas ?? null,
            risk: a.risk,
            rationale: a.rationale,
            confidence: rca.confidence,
          },
          select: { id: true, kind: true },
        }),
      ),
    );
    const actionable = rca.actions.some((a) => a.action !== "none");
    // The RCA is recorded on an incident still being investigated; one that resolved or moved
    // on meanwhile keeps what it has.
    const recorded = await tx.incident.updateMany({
      where: { id: run.incidentId, state: { in: ["open", "investigating"] } },
      data: { rootCause: rca.rootCause, confidence: rca.confidence, summary: rca.summary },
    });
    if (recorded.count === 1 && actionable) {
      await moveIncident(prismaSql(tx), run.incidentId, ["open", "investigating"], "awaiting_approval", {
        actorType: "agent",
        traceId: run.traceId,
        reason: "a fix was proposed",
        data: { runId: run.runId },
      });
    }
    await appendAudit(prismaSql(tx), [
      {
        action: "rca.completed",
        actorType: "agent",
        incidentId: run.incidentId,
        traceId: run.traceId,
        targetType: "AgentRun",
        targetId: run.runId,
        data: { engine, rootCause: rca.rootCause, confidence: rca.confidence, citations: rca.citations },
      },
      ...actions.map((a) => ({
        action: "action.proposed" as const,
        actorType: "agent" as const,
        incidentId: run.incidentId,
        traceId: run.traceId,
        targetType: "ProposedAction",
        targetId: a.id,
        data: { kind: a.kind },
      })),
    ]);
  });
  await emit(db, run.incidentId, run.runId, [
    {
      kind: "rca",
      data: {
        runId: run.runId,
        engine,
        rca,
        ...(timing.fallbackReason ? { fallbackReason: timing.fallbackReason } : {}),
        ...(timing.watchtower ? { watchtower: timing.watchtower } : {}),
      },
    },
    {
      kind: "run.finished",
      data: { runId: run.runId, engine, rootCause: rca.rootCause, confidence: rca.confidence, latencyMs: timing.latencyMs },
    },
  ]);
}
