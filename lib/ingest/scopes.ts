// The scopes an ingestion API key can hold: one per endpoint. Free of server imports, so the console can list them.
export const apiKeyScopes = ["ingest:metrics", "ingest:logs", "ingest:changes"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
