// Reading an incident's investigation for the console: its latest agent run with steps
// and parsed RCA, that run's evidence (by ref number) and its proposed actions (by rank).
import "server-only";
import type { Db } from "@/lib/db/client";
import { rcaSchema } from "@/lib/rca/types";
import { byRef } from "@/lib/incidents/evidence-view";

export async function getLatestInvestigation(db: Db, incidentId: string) {
  const run = await db.agentRun.findFirst({
    where: { incidentId },
    // A retry is a new run: the newest attempt is the one the incident stands on.
    orderBy: [{ createdAt: "desc" }, { attempt: "desc" }],
    select: {
      id: true,
      status: true,
      engine: true,
      model: true,
      attempt: true,
      error: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      latencyMs: true,
      promptTokens: true,
      result: true,
      steps: {
        orderBy: { index: "asc" },
        select: { index: true, kind: true, name: true, durationMs: true, startedAt: true, finishedAt: true, output: true, error: true },
      },
    },
  });
  if (!run) return { latestRun: null, evidence: [], actions: [] };

  const [evidence, actions] = await Promise.all([
    db.evidence.findMany({
      where: { incidentId, agentRunId: run.id },
      select: {
        id: true,
        ref: true,
        source: true,
        title: true,
        content: true,
        score: true,
        tokens: true,
        inContext: true,
        redactions: true,
        // Links the console draws from an item (a runbook chunk's page).
        data: true,
      },
    }),
    // This run's proposals, plus what was executed earlier and the undos of it: the history
    // a responder needs beside the current proposals.
    db.proposedAction.findMany({
      where: { incidentId, OR: [{ agentRunId: run.id }, { agentRunId: null }, { executedAt: { not: null } }] },
      orderBy: [{ createdAt: "asc" }, { rank: "asc" }],
      select: {
        id: true,
        rank: true,
        kind: true,
        targetKind: true,
        namespace: true,
        name: true,
        replicas: true,
        risk: true,
        rationale: true,
        state: true,
        agentRunId: true,
        policyAllowed: true,
        policyVerdict: true,
        preview: true,
        previewHash: true,
        resourceVersion: true,
        previewedAt: true,
        result: true,
        error: true,
        executedAt: true,
        verification: true,
        effective: true,
        verifiedAt: true,
        rollbackOfId: true,
        autonomousPolicy: true,
        createdAt: true,
        rolledBackBy: { select: { id: true, state: true } },
        approvals: {
          orderBy: { createdAt: "asc" },
          select: {
            decision: true,
            createdAt: true,
            expiresAt: true,
            usedAt: true,
            comment: true,
            previewHash: true,
            user: { select: { email: true, name: true } },
          },
        },
      },
    }),
  ]);

  const { result, ...rest } = run;
  // Stored JSON is read back through the schema it was written with: a result that no
  // longer parses is shown as unreadable, never trusted as an RCA.
  const parsed = result === null ? null : rcaSchema.safeParse(result);
  return {
    latestRun: { ...rest, rca: parsed?.success ? parsed.data : null, unreadableResult: parsed ? !parsed.success : false },
    evidence: evidence.sort(byRef),
    actions,
  };
}
