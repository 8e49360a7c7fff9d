-- Evidence items carry the short id an RCA cites ("E7"), unique within their agent run.
ALTER TABLE "Evidence" ADD COLUMN "ref" TEXT;
CREATE UNIQUE INDEX "Evidence_agentRunId_ref_key" ON "Evidence"("agentRunId", "ref");
