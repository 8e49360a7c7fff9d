// The shared body of the three ingest routes: authenticate the bearer key for the endpoint's
// scope before reading anything, read at most 1 MB, validate, store (and evaluate) once, hand
// the anomaly alerts it owes to the alert path, answer 202.
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { getDb } from "@/lib/db/client";
import { bearerToken } from "@/lib/http/bearer";
import { readLimitedBody } from "@/lib/http/read-body";
import { errorResponse } from "@/lib/http/respond";
import { VigilError } from "@/lib/errors";
import { INGEST_MAX_BYTES, parseIngestBody, type ChangesBatch, type LogsBatch, type MetricsBatch } from "@/lib/ingest/schemas";
import { authenticateIngest, ingestBatch, type IngestKind } from "@/lib/ingest/store";
import { anomalyConfigFromEnv } from "@/lib/anomaly/settings";
import { deliverOwedAlerts } from "@/lib/anomaly/deliver";

type BatchOf = { metrics: MetricsBatch; logs: LogsBatch; changes: ChangesBatch };

export async function handleIngest<K extends IngestKind>(request: Request, kind: K, schema: (now: Date) => z.ZodType<BatchOf[K]>) {
  try {
    const db = getDb();
    const key = await authenticateIngest(db, bearerToken(request.headers.get("authorization")), kind);
    const idempotencyKey = request.headers.get("idempotency-key");
    if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
      throw new VigilError("bad_request", "Idempotency-Key: expected 1 to 200 characters");
    }
    const now = new Date();
    const batch = parseIngestBody(await readLimitedBody(request, INGEST_MAX_BYTES), schema(now));
    const { receipt, replayed, owed } = await ingestBatch(db, key, idempotencyKey, { kind, batch } as never, now, anomalyConfigFromEnv());
    // After the commit: the batch is stored whatever happens to its alerts, which stay owed on failure.
    if (owed.length) await deliverOwedAlerts(db, owed, now);
    return NextResponse.json(receipt, { status: 202, headers: replayed ? { "Idempotent-Replayed": "true" } : {} });
  } catch (err) {
    const response = errorResponse(err, { route: `POST /api/ingest/${kind}` });
    if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="vigil"');
    return response;
  }
}
