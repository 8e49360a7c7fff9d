-- The overview reads time ranges: alerts by when they started firing (alert volume, noisy
-- alerts) and actions by when they were executed. Incidents by openedAt already have one.
CREATE INDEX "Alert_startsAt_idx" ON "Alert"("startsAt");

CREATE INDEX "ProposedAction_executedAt_idx" ON "ProposedAction"("executedAt");
