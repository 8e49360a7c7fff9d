-- Telemetry ingestion for sources without Alertmanager: API keys (stored as a SHA-256 of the
-- secret, which is shown once), the ingested metrics, logs and changes, and the idempotency
-- record that makes a client's resend of a batch answer the same and store nothing twice.
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");
CREATE INDEX "ApiKey_prefix_idx" ON "ApiKey"("prefix");

CREATE TABLE "MetricPoint" (
    "id" BIGSERIAL NOT NULL,
    "service" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MetricPoint_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "MetricPoint_service_name_at_idx" ON "MetricPoint"("service", "name", "at");

CREATE TABLE "LogEntry" (
    "id" BIGSERIAL NOT NULL,
    "service" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LogEntry_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "LogEntry_service_at_idx" ON "LogEntry"("service", "at");

CREATE TABLE "ChangeEvent" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" TEXT,
    "commit" TEXT,
    "actor" TEXT,
    "summary" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "ChangeEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ChangeEvent_kind_check" CHECK ("kind" IN ('deploy', 'config', 'flag', 'scale'))
);

CREATE UNIQUE INDEX "ChangeEvent_idempotencyKey_key" ON "ChangeEvent"("idempotencyKey");
CREATE INDEX "ChangeEvent_service_at_idx" ON "ChangeEvent"("service", "at");

-- One row per (key, Idempotency-Key): the first request's answer, replayed to a resend.
CREATE TABLE "IngestBatch" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestBatch_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "IngestBatch_apiKeyId_idempotencyKey_key" ON "IngestBatch"("apiKeyId", "idempotencyKey");

ALTER TABLE "IngestBatch" ADD CONSTRAINT "IngestBatch_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
