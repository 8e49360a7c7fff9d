-- Anomaly detection on ingested telemetry (lib/anomaly): a rolling baseline per series kept
-- in the database (so it survives restarts and every instance shares it), the anomaly
-- episodes found against it, and per-minute error counts of ingested logs.
CREATE TABLE "MetricBaseline" (
    "service" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ring" BYTEA NOT NULL,
    "head" INTEGER NOT NULL DEFAULT 0,
    "count" INTEGER NOT NULL DEFAULT 0,
    "total" BIGINT NOT NULL DEFAULT 0,
    "shift" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sumSq" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMPTZ(3),
    "episode" JSONB,

    CONSTRAINT "MetricBaseline_pkey" PRIMARY KEY ("service","name")
);

-- 8 KB of doubles do not compress: skip pglz's attempt on every write (storage only, not
-- part of the Prisma schema).
ALTER TABLE "MetricBaseline" ALTER COLUMN "ring" SET STORAGE EXTERNAL;

CREATE TABLE "Anomaly" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "mean" DOUBLE PRECISION NOT NULL,
    "stddev" DOUBLE PRECISION NOT NULL,
    "z" DOUBLE PRECISION NOT NULL,
    "severity" "Severity" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "peakAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "samples" INTEGER NOT NULL DEFAULT 1,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "changeId" TEXT,
    "incidentId" TEXT,
    "alerting" BOOLEAN NOT NULL DEFAULT false,
    "alertedAt" TIMESTAMPTZ(3),
    "resolvedAlertAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Anomaly_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Anomaly_kind_check" CHECK ("kind" IN ('metric', 'log_errors'))
);

CREATE INDEX "Anomaly_service_at_idx" ON "Anomaly"("service", "at");
CREATE INDEX "Anomaly_incidentId_idx" ON "Anomaly"("incidentId");
-- The alerts still owed to the alert path (firing not yet delivered, or ended and its
-- resolution not yet delivered): looked up after every ingest batch, almost always empty.
CREATE INDEX "Anomaly_owed_alert_idx" ON "Anomaly"("service")
    WHERE "alerting" AND ("alertedAt" IS NULL OR ("endedAt" IS NOT NULL AND "resolvedAlertAt" IS NULL));

ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Anomaly" ADD CONSTRAINT "Anomaly_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "LogErrorMinute" (
    "service" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "LogErrorMinute_pkey" PRIMARY KEY ("service","minute")
);
