// Stores an ingested batch with set-based SQL in one transaction (one INSERT … unnest per
// batch, lib/db/sql.ts says why not Prisma), behind the idempotency record: a batch sent again
// with the same Idempotency-Key gets the first answer back and stores nothing. Metric points
// and log entries are evaluated for anomalies in the same transaction (lib/anomaly/detect.ts).
import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { sqlTransaction, type Sql } from "@/lib/db/sql";
import { cuid } from "@/lib/db/cuid";
import { verifyApiKey, touchApiKey, type VerifiedKey } from "@/lib/ingest/keys";
import type { ApiKeyScope, ChangesBatch, LogsBatch, MetricsBatch } from "@/lib/ingest/schemas";
import type { AnomalyConfig } from "@/lib/anomaly/config";
import { detectLogAnomalies, detectMetricAnomalies } from "@/lib/anomaly/detect";
import { owedAlerts } from "@/lib/anomaly/deliver";
import type { OwedAlert } from "@/lib/anomaly/alerts";

/** `anomalies`: anomalies the batch recorded (metrics and logs only). */
export type IngestReceipt = { accepted: number; anomalies?: number };
/** `owed`: anomaly alerts for the caller to deliver once the batch has committed. */
export type IngestResult = { receipt: IngestReceipt; replayed: boolean; owed: OwedAlert[] };

type Batch = { kind: "metrics"; batch: MetricsBatch } | { kind: "logs"; batch: LogsBatch } | { kind: "changes"; batch: ChangesBatch };

const scopeOf: Record<Batch["kind"], ApiKeyScope> = { metrics: "ingest:metrics", logs: "ingest:logs", changes: "ingest:changes" };

export type IngestKind = Batch["kind"];

/** The key behind `secret` if it may send `kind`: checked before the body is read. */
export async function authenticateIngest(db: Db, secret: string | null, kind: IngestKind): Promise<VerifiedKey> {
  return sqlTransaction(db, (sql) => verifyApiKey(sql, secret, scopeOf[kind]));
}

/** Stores an authenticated batch once, evaluates it, and notes when the key was last used. */
export async function ingestBatch(
  db: Db,
  key: VerifiedKey,
  idempotencyKey: string | null,
  input: Batch,
  now = new Date(),
  anomaly?: AnomalyConfig,
): Promise<IngestResult> {
  return sqlTransaction(db, async (sql) => {
    const receipt: IngestReceipt = { accepted: count(input) };
    if (idempotencyKey) {
      // A concurrent resend waits on this row's unique index until the first commits, then replays it.
      const claimed = await sql.rows<{ id: string }>(
        `INSERT INTO "IngestBatch" (id, "apiKeyId", "idempotencyKey", endpoint, response, "createdAt")
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamp) ON CONFLICT DO NOTHING RETURNING id`,
        [cuid(), key.id, idempotencyKey, input.kind, JSON.stringify(receipt), now.toISOString()],
      );
      if (claimed.length === 0) {
        const [stored] = await sql.rows<{ response: IngestReceipt }>(
          `SELECT response FROM "IngestBatch" WHERE "apiKeyId" = $1 AND "idempotencyKey" = $2`,
          [key.id, idempotencyKey],
        );
        await touchApiKey(sql, key.id, now);
        return { receipt: stored!.response, replayed: true, owed: [] };
      }
    }
    await store(sql, key.id, input);
    const owed = anomaly?.enabled ? await detect(sql, input, receipt, anomaly) : [];
    if (idempotencyKey && receipt.anomalies !== undefined) {
      // A resend replays the whole first answer, the anomalies it found included.
      await sql.run(`UPDATE "IngestBatch" SET response = $3::jsonb WHERE "apiKeyId" = $1 AND "idempotencyKey" = $2`, [
        key.id,
        idempotencyKey,
        JSON.stringify(receipt),
      ]);
    }
    // Last: every batch of a key updates the key's row, so its lock is held only for the commit.
    await touchApiKey(sql, key.id, now);
    return { receipt, replayed: false, owed };
  });
}

/** Evaluates a stored batch; returns the anomaly alerts its services now owe. */
async function detect(sql: Sql, input: Batch, receipt: IngestReceipt, config: AnomalyConfig): Promise<OwedAlert[]> {
  if (input.kind === "changes") return [];
  const result =
    input.kind === "metrics"
      ? await detectMetricAnomalies(sql, input.batch.points, config)
      : await detectLogAnomalies(sql, input.batch.entries, config);
  receipt.anomalies = result.anomalies;
  const services = input.kind === "metrics" ? input.batch.points.map((p) => p.service) : input.batch.entries.map((e) => e.service);
  return owedAlerts(sql, [...new Set(services)]);
}

function count(input: Batch): number {
  if (input.kind === "metrics") return input.batch.points.length;
  if (input.kind === "logs") return input.batch.entries.length;
  return input.batch.changes.length;
}

async function store(sql: Sql, apiKeyId: string, input: Batch): Promise<void> {
  if (input.kind === "metrics") {
    const p = input.batch.points;
    await sql.run(
      `INSERT INTO "MetricPoint" (service, name, value, labels, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::jsonb[], $5::timestamptz[])`,
      [
        p.map((x) => x.service),
        p.map((x) => x.name),
        p.map((x) => x.value),
        p.map((x) => JSON.stringify(x.labels)),
        p.map((x) => x.timestamp.toISOString()),
      ],
    );
  } else if (input.kind === "logs") {
    const e = input.batch.entries;
    await sql.run(
      `INSERT INTO "LogEntry" (service, level, message, labels, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
      [
        e.map((x) => x.service),
        e.map((x) => x.level),
        e.map((x) => x.message),
        e.map((x) => JSON.stringify(x.labels)),
        e.map((x) => x.timestamp.toISOString()),
      ],
    );
  } else {
    const c = input.batch.changes;
    await sql.run(
      `INSERT INTO "ChangeEvent" (id, service, kind, version, "commit", actor, summary, at, "idempotencyKey")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
       ON CONFLICT ("idempotencyKey") DO NOTHING`,
      [
        c.map(() => cuid()),
        c.map((x) => x.service),
        c.map((x) => x.kind),
        c.map((x) => x.version ?? null),
        c.map((x) => x.commit ?? null),
        c.map((x) => x.actor ?? null),
        c.map((x) => x.summary),
        c.map((x) => x.timestamp.toISOString()),
        c.map((x) => changeKey(apiKeyId, x)),
      ],
    );
  }
}

/** A change's identity: the client's id under its key, or a digest of its content. */
function changeKey(apiKeyId: string, c: ChangesBatch["changes"][number]): string {
  if (c.id) return `${apiKeyId}:${c.id}`;
  const content = JSON.stringify([
    c.service,
    c.kind,
    c.version ?? null,
    c.commit ?? null,
    c.actor ?? null,
    c.summary,
    c.timestamp.toISOString(),
  ]);
  return `${apiKeyId}#${createHash("sha256").update(content).digest("hex")}`;
}
