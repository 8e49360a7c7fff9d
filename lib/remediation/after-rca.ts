// What follows an RCA: people hear about it, a low-confidence one is handed to humans, and
// its proposals go through the guard — previewed and waiting for approval, or executed at
// once where an autonomous policy allows. Called by the investigation worker.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { guardProposals } from "@/lib/remediation/guard";
import { approveAutonomously } from "@/lib/remediation/decide";
import { escalateIncident } from "@/lib/remediation/escalate";
import { notifyIncident } from "@/lib/remediation/notify";

export async function afterRca(db: Db, incidentId: string, runId: string, ports: RemediationPorts): Promise<void> {
  const run = await db.agentRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.status !== "succeeded") return;
  const rca = run.result as { rootCause: string; confidence: number; summary: string } | null;
  if (rca) {
    await notifyIncident(db, incidentId, ports, (incident) => ({
      type: "rca.ready",
      incident,
      rootCause: rca.rootCause,
      confidence: rca.confidence,
      summary: rca.summary,
      engine: run.engine,
    }));
    if (rca.confidence < ports.policy.minConfidence) {
      await escalateIncident(
        db,
        incidentId,
        `the analysis's confidence ${rca.confidence.toFixed(2)} is under the ${ports.policy.minConfidence} floor: a human must decide`,
        ports,
      );
    }
  }
  await guardProposals(db, incidentId, ports, async (actionId, policy) => {
    await approveAutonomously(db, actionId, policy, ports);
  });
}
