-- The live stream of an incident's investigations, resumable by sequence number.
CREATE TABLE "StreamEvent" (
    "seq" BIGSERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "runId" TEXT,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StreamEvent_pkey" PRIMARY KEY ("seq")
);

CREATE INDEX "StreamEvent_incidentId_seq_idx" ON "StreamEvent"("incidentId", "seq");
