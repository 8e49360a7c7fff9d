-- When an action was claimed for execution: an action still `executing` long after it was
-- claimed was left by a process that stopped mid-write, and the sweep settles it by reading
-- the object back (lib/remediation/sweep.ts). The partial index keeps that sweep cheap.
ALTER TABLE "ProposedAction" ADD COLUMN "claimedAt" TIMESTAMP(3);
CREATE INDEX "ProposedAction_executing_claimedAt_idx" ON "ProposedAction"("claimedAt") WHERE state = 'executing';
