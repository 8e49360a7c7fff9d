-- The queue job an investigation ran for. A job can be delivered again after its run
-- succeeded (the process died, or PostgreSQL restarted, before pg-boss recorded it complete):
-- the worker then finds the run by its job and does not investigate twice.
ALTER TABLE "AgentRun" ADD COLUMN "jobId" TEXT;
CREATE INDEX "AgentRun_jobId_idx" ON "AgentRun"("jobId");
