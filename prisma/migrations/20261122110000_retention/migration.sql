-- Retention (lib/retention) deletes ingested rows by age. Telemetry arrives roughly in time
-- order, which is what a BRIN index summarises well: a few pages instead of a b-tree that
-- every ingested point would have to update.
CREATE INDEX "MetricPoint_at_idx" ON "MetricPoint" USING BRIN ("at");
CREATE INDEX "LogEntry_at_idx" ON "LogEntry" USING BRIN ("at");
CREATE INDEX "IngestBatch_createdAt_idx" ON "IngestBatch"("createdAt");
