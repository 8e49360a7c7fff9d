-- The human side of incident command (lib/incidents/human.ts): an owner, a person who
-- acknowledged, a severity a person pinned, and responders' notes.
ALTER TABLE "Incident" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "Incident" ADD COLUMN "acknowledgedById" TEXT;
ALTER TABLE "Incident" ADD COLUMN "severityPinned" BOOLEAN NOT NULL DEFAULT false;

-- Until now the investigation stamped acknowledgedAt when it started: that measured Vigil's
-- queue, not a person. MTTA means a person took the incident, so those stamps go.
UPDATE "Incident" SET "acknowledgedAt" = NULL;

CREATE INDEX "Incident_ownerId_idx" ON "Incident"("ownerId");
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "IncidentNote" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),

    CONSTRAINT "IncidentNote_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "IncidentNote_incidentId_createdAt_idx" ON "IncidentNote"("incidentId", "createdAt");
ALTER TABLE "IncidentNote" ADD CONSTRAINT "IncidentNote_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "IncidentNote" ADD CONSTRAINT "IncidentNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
