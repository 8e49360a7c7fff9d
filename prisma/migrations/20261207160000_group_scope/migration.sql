-- An Alertmanager group key alone let any alert that carried it join that group's incident,
-- whatever workload it was about. An incident's alerts now share the group key AND its scope:
-- the receiver and the namespace of the group's workload (lib/alerts/scope.ts), so one group
-- can never pull another namespace's alerts into an incident. Existing incidents get the
-- scope their own receiver and namespace give, as new payloads of their group compute it.
ALTER TABLE "Incident" ADD COLUMN "groupScope" TEXT NOT NULL DEFAULT '';
UPDATE "Incident" SET "groupScope" = coalesce(receiver, '') || '|' || coalesce(namespace, '');

DROP INDEX "Incident_open_groupKey_key";
CREATE UNIQUE INDEX "Incident_open_groupKey_scope_key" ON "Incident"("groupKey", "groupScope")
  WHERE "state" NOT IN ('resolved', 'closed');
