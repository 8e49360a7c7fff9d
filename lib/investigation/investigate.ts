// Investigates an incident: evidence first (deterministic, before any model), cut to the
// token budget, then the engine's RCA with citations and proposed actions — every step
// stored with its timing, every change audited, all under the incident's trace id.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Rca } from "@/lib/rca/types";
import type { InvestigationPorts } from "@/lib/investigation/ports";
import { collectEvidence } from "@/lib/evidence/collect";
import { fitToBudget } from "@/lib/evidence/budget";
import { analyzeIncident } from "@/lib/rca/model/analyze";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { terminalStates } from "@/lib/incidents/model";
import { moveIncident } from "@/lib/incidents/transitions";
import { incidentLogger } from "@/lib/log";
import { inIncidentSpan } from "@/lib/tracing/spans";
import { recordStep, storeEvidence, storeRca, type RunRef } from "@/lib/investigation/store";
import { emit, tokenWriter } from "@/lib/stream/write";
import { traceparent } from "@/lib/tracing/trace-context";
import { memoryEvidence, similarIncidents } from "@/lib/investigation/memory";
import { shownArguments } from "@/lib/rca/model/tools";
import { ensembleRecord } from "@/lib/rca/ensemble/ensemble";

export type InvestigationResult = { runId: string; rca: Rca } | null;

async function startRun(
  db: Db,
  incidentId: string,
  traceId: string,
  engine: string,
  jobId: string | null,
): Promise<RunRef & { attempt: number }> {
  return db.$transaction(async (tx) => {
    const attempt = (await tx.agentRun.count({ where: { incidentId } })) + 1;
    const run = await tx.agentRun.create({
      data: { incidentId, traceId, engine, status: "running", attempt, jobId, startedAt: new Date() },
    });
    // Runs interrupted by a crash or restart stay visible as failed, not running forever.
    await tx.agentRun.updateMany({
      where: { incidentId, status: "running", id: { not: run.id } },
      data: { status: "failed", error: "interrupted", finishedAt: new Date() },
    });
    const now = new Date();
    await moveIncident(
      prismaSql(tx),
      incidentId,
      ["open"],
      "investigating",
      { actorType: "agent", traceId, reason: "investigation started", data: { runId: run.id } },
      now,
    );
    await appendAudit(prismaSql(tx), [
      {
        action: "investigation.started",
        actorType: "agent",
        incidentId,
        traceId,
        targetType: "AgentRun",
        targetId: run.id,
        data: { engine, attempt },
      },
    ]);
    return { runId: run.id, incidentId, traceId, attempt };
  });
}

/** `jobId`: the queue job this run is for, recorded so a job delivered again is not run twice. */
export async function investigateIncident(
  db: Db,
  incidentId: string,
  ports: InvestigationPorts,
  jobId: string | null = null,
): Promise<InvestigationResult> {
  const incident = await db.incident.findUnique({ where: { id: incidentId }, include: { alerts: true } });
  if (!incident || terminalStates.includes(incident.state)) return null;
  const log = incidentLogger(incident.traceId, { incidentId });
  return inIncidentSpan(incident.traceId, "investigate", { "vigil.incident.id": incidentId }, async () => {
    // Ensemble mode runs with or without a model (rule-based specialists stand in).
    const mode = ports.rcaMode ?? "single";
    const engine = mode === "ensemble" ? "ensemble" : ports.model ? "model" : "rules";
    const run = await startRun(db, incidentId, incident.traceId, engine, jobId);
    await emit(db, incidentId, run.runId, [{ kind: "run.started", data: { runId: run.runId, engine, attempt: run.attempt } }]);
    const started = performance.now();
    try {
      const firing = incident.alerts.filter((a) => a.status === "firing");
      const alerts = (firing.length ? firing : incident.alerts).map((a) => ({
        labels: a.labels as Record<string, string>,
        annotations: a.annotations as Record<string, string>,
        startsAt: a.startsAt,
        status: a.status,
      }));
      const evidence = await recordStep(
        db,
        run,
        1,
        "collect",
        "evidence",
        () =>
          collectEvidence({
            alerts,
            now: ports.now(),
            cluster: ports.cluster,
            metrics: ports.metrics,
            changes: ports.changes,
            runbooks: ports.runbooks,
            telemetry: ports.telemetry,
            incidentId,
          }),
        (e) => ({ items: e.items.length, subject: e.subject }),
      );
      const similar = await similarIncidents(db, incident, [...new Set(incident.alerts.map((a) => a.alertname))]);
      const memory = memoryEvidence(similar, `E${evidence.items.length + 1}`);
      if (memory) evidence.items.push(memory);
      const context = fitToBudget(evidence.items);
      const inContext = new Set(context.items.map((i) => i.id));
      await storeEvidence(db, run, evidence.items, inContext);
      const alertStart = new Date(Math.min(...alerts.map((a) => a.startsAt.getTime())));
      const tokens = tokenWriter(db, incidentId, run.runId);
      const model = ports.model;
      const analysis = await recordStep(
        db,
        run,
        2,
        "engine",
        mode === "ensemble" ? `ensemble ${model ? model.name : "rules"}` : model ? `model ${model.name}` : "rules",
        async () => {
          try {
            return await analyzeIncident({
              evidence,
              context,
              alertStart,
              mode,
              // Each vote as it comes: the incident page shows them before the director is done.
              onSpecialist: (s) =>
                emit(db, incidentId, run.runId, [
                  {
                    kind: "specialist.done",
                    data: {
                      runId: run.runId,
                      specialist: s.specialist,
                      source: s.source,
                      rootCause: s.rca.rootCause,
                      confidence: s.rca.confidence,
                      citations: s.rca.citations,
                      fallbackReason: s.fallbackReason ?? null,
                    },
                  },
                ]),
              model: model
                ? {
                    ...model,
                    traceparent: traceparent(incident.traceId),
                    tools: model.toolSteps
                      ? { cluster: ports.cluster, metrics: ports.metrics, now: ports.now(), maxSteps: model.toolSteps }
                      : undefined,
                    onTool: (answer) =>
                      void tokens.emitAfter([
                        {
                          kind: "tool.called",
                          data: {
                            runId: run.runId,
                            tool: answer.call.name.slice(0, 60),
                            arguments: shownArguments(answer.call.arguments),
                            evidenceId: answer.item?.id ?? null,
                            refused: answer.refused,
                          },
                        },
                      ]),
                    onToken: (piece) => tokens.push(piece),
                    onRetry: (reason) => void tokens.emitAfter([{ kind: "tokens.reset", data: { runId: run.runId, reason } }]),
                  }
                : undefined,
            });
          } finally {
            await tokens.close();
          }
        },
        (a) => ({
          engine: a.engine,
          rootCause: a.primary.rootCause,
          confidence: a.primary.confidence,
          citations: a.primary.citations,
          fallbackReason: a.fallbackReason ?? null,
          modelMs: a.modelMs,
          watchtower: a.watchtower,
          ...(a.ensemble ? { ensemble: ensembleRecord(a.ensemble) } : {}),
        }),
      );
      const rca = analysis.primary;
      // What the model's tools read is evidence like the rest: stored, cited, shown.
      if (analysis.toolEvidence.length)
        await storeEvidence(db, run, analysis.toolEvidence, new Set(analysis.toolEvidence.map((i) => i.id)));
      await storeRca(db, run, rca, analysis.engine, {
        latencyMs: Math.round(performance.now() - started),
        promptTokens: context.tokens,
        model: analysis.engine === "model" || analysis.ensemble?.modelAnswered ? model?.name : undefined,
        fallbackReason: analysis.fallbackReason,
        watchtower: analysis.watchtower,
      });
      log.info(
        {
          runId: run.runId,
          engine: analysis.engine,
          rootCause: rca.rootCause,
          confidence: rca.confidence,
          fallbackReason: analysis.fallbackReason,
        },
        "investigation completed",
      );
      return { runId: run.runId, rca };
    } catch (err) {
      log.error({ runId: run.runId, err: (err as Error).message }, "investigation failed");
      await db.$transaction(async (tx) => {
        await tx.agentRun.update({
          where: { id: run.runId },
          data: { status: "failed", error: (err as Error).message.slice(0, 2000), finishedAt: new Date() },
        });
        await appendAudit(prismaSql(tx), [
          {
            action: "investigation.failed",
            actorType: "agent",
            incidentId,
            traceId: incident.traceId,
            targetType: "AgentRun",
            targetId: run.runId,
            data: { error: (err as Error).message.slice(0, 500) },
          },
        ]);
      });
      await emit(db, incidentId, run.runId, [
        { kind: "run.failed", data: { runId: run.runId, error: (err as Error).message.slice(0, 500) } },
      ]);
      throw err;
    }
  });
}
