-- The post-mortem's provenance beside its Markdown: when it last changed and by whom (their
-- email at the time; the audit event has the user id), which engine drafted it ("template" or
-- "model"), the model's name, and why the template stood in when a model was configured.
ALTER TABLE "Incident" ADD COLUMN "postmortemUpdatedAt" TIMESTAMP(3);
ALTER TABLE "Incident" ADD COLUMN "postmortemUpdatedBy" TEXT;
ALTER TABLE "Incident" ADD COLUMN "postmortemEngine" TEXT;
ALTER TABLE "Incident" ADD COLUMN "postmortemModel" TEXT;
ALTER TABLE "Incident" ADD COLUMN "postmortemFallback" TEXT;
