-- Runbooks: Markdown documents uploaded in the console or synced from a folder, and their
-- chunks (one heading section, or a piece of a long one) for retrieval as evidence. Full-text
-- search runs on a generated tsvector (a section's own heading weighted above the text) with a GIN index;
-- embeddings (real[], L2-normalised, with the model that made them) are optional.
CREATE TABLE "Runbook" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "path" TEXT,
    "url" TEXT,
    "alerts" TEXT[] NOT NULL,
    "services" TEXT[] NOT NULL,
    "contentHash" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "Runbook_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Runbook_source_check" CHECK ("source" IN ('upload', 'folder')),
    -- A synced runbook is known by its file; an uploaded one has none.
    CONSTRAINT "Runbook_path_check" CHECK (("source" = 'folder') = ("path" IS NOT NULL))
);

CREATE UNIQUE INDEX "Runbook_slug_key" ON "Runbook"("slug");
CREATE UNIQUE INDEX "Runbook_path_key" ON "Runbook"("path");
CREATE INDEX "Runbook_url_idx" ON "Runbook"("url");

CREATE TABLE "RunbookChunk" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "heading" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    -- The heading path and the text; a sub-section's own heading ("Diagnosis" of "Title ›
    -- Diagnosis") once more, weighted B, so that a section named for a symptom ranks higher.
    "tsv" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, CASE WHEN strpos("heading", ' › ') > 0 THEN regexp_replace("heading", '^.* › ', '') ELSE '' END), 'B')
        || to_tsvector('english'::regconfig, "heading" || ' ' || "content")
    ) STORED,
    "embedding" real[],
    "embeddingModel" TEXT,

    CONSTRAINT "RunbookChunk_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RunbookChunk_runbookId_ordinal_key" ON "RunbookChunk"("runbookId", "ordinal");
CREATE INDEX "RunbookChunk_tsv_idx" ON "RunbookChunk" USING GIN ("tsv");

ALTER TABLE "RunbookChunk" ADD CONSTRAINT "RunbookChunk_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
