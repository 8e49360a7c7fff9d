-- Checkpoints of audit verification (lib/audit/checkpoint.ts): event `seq` had `hash`, and
-- the `events` events of the chain up to it verified, at `verifiedAt`, by whom and how. Each
-- row is signed (HMAC) with a key derived from NEXTAUTH_SECRET, which the database does not
-- hold: a row written straight into this table is not trusted, and one claiming the current
-- key with a bad signature is reported as tampering. A check only adds a row past the newest
-- one of its key (under advisory lock 7161616002), so the checkpoint only moves forward.
CREATE TABLE "AuditCheckpoint" (
    "id" BIGSERIAL NOT NULL,
    "keyId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "verifiedAt" TIMESTAMP(3) NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_keyId_seq_key" ON "AuditCheckpoint"("keyId", "seq");
