// Checkpoints of audit verification: "event #seq had this hash, and the chain up to it
// verified". They let the incremental check start there instead of at the first event, so
// a checkpoint must not be something anyone with write access to the database can make:
// each is signed (HMAC-SHA256) with a key derived from NEXTAUTH_SECRET, which lives in the
// server's environment, not in the database. The hash of the checkpointed event commits to
// every event before it, so the check re-verifies that event and walks on from it.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { sqlTransaction } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { canonicalJson } from "@/lib/audit/chain";

export type CheckpointKey = { id: string; secret: Buffer };
export type VerifyMode = "full" | "incremental";
export type VerifiedBy = { type: "user" | "system"; id: string | null };

export type Checkpoint = {
  seq: bigint;
  hash: string;
  /** Events of the chain up to and including `seq`. */
  events: number;
  mode: VerifyMode;
  actorType: string;
  actorId: string | null;
  verifiedAt: Date;
};

// The checkpoint table's own advisory lock; the audit chain's appenders hold 7161616001.
const CHECKPOINT_LOCK = "SELECT pg_advisory_xact_lock(7161616002)";

/** The signing key for a server secret. Another purpose than sessions, so a key of its own. */
export function checkpointKey(serverSecret: string): CheckpointKey {
  const secret = Buffer.from(hkdfSync("sha256", serverSecret, "vigil", "audit checkpoint v1", 32));
  // Names the key without revealing it: a checkpoint of another key (a rotated secret) is skipped, not distrusted.
  return { id: createHmac("sha256", secret).update("key id").digest("hex").slice(0, 16), secret };
}

let fromEnv: CheckpointKey | null | undefined;

/** The server's checkpoint key; null without NEXTAUTH_SECRET (every check is then a full one). */
export function serverCheckpointKey(): CheckpointKey | null {
  fromEnv ??= env.NEXTAUTH_SECRET ? checkpointKey(env.NEXTAUTH_SECRET) : null;
  return fromEnv;
}

function sign(key: CheckpointKey, c: Checkpoint): string {
  // Every field, named one by one: a field added to Checkpoint is not signed until it is added here.
  const body = canonicalJson({
    keyId: key.id,
    seq: c.seq.toString(),
    hash: c.hash,
    events: c.events,
    mode: c.mode,
    actorType: c.actorType,
    actorId: c.actorId,
    verifiedAt: c.verifiedAt.toISOString(),
  });
  return createHmac("sha256", key.secret).update(body).digest("hex");
}

function signedBy(key: CheckpointKey, c: Checkpoint, signature: string): boolean {
  const expected = Buffer.from(sign(key, c), "hex");
  const actual = Buffer.from(signature, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The newest checkpoint of this key. "forged" when it claims the key but its signature does
 * not verify: somebody wrote it without the key, which is itself tampering with the trail.
 */
export async function latestCheckpoint(
  db: Pick<Db, "auditCheckpoint">,
  key: CheckpointKey,
): Promise<{ checkpoint: Checkpoint | null; forged: Checkpoint | null }> {
  const row = await db.auditCheckpoint.findFirst({ where: { keyId: key.id }, orderBy: { seq: "desc" } });
  if (!row) return { checkpoint: null, forged: null };
  const checkpoint: Checkpoint = {
    seq: row.seq,
    hash: row.hash,
    events: row.events,
    mode: row.mode as VerifyMode,
    actorType: row.actorType,
    actorId: row.actorId,
    verifiedAt: row.verifiedAt,
  };
  return signedBy(key, checkpoint, row.signature) ? { checkpoint, forged: null } : { checkpoint: null, forged: checkpoint };
}

/**
 * Records a checkpoint if it is past the newest one of its key; false when another check got
 * further first. Under the lock, two checks that finish together take turns, and the second
 * statement's snapshot sees the first one's row: the checkpoint only moves forward.
 */
export async function recordCheckpoint(db: Db, key: CheckpointKey, c: Checkpoint): Promise<boolean> {
  return sqlTransaction(db, async (sql) => {
    await sql.rows(CHECKPOINT_LOCK);
    const inserted = await sql.run(
      `INSERT INTO "AuditCheckpoint" ("keyId", seq, hash, events, mode, "actorType", "actorId", "verifiedAt", signature)
       SELECT $1, $2::bigint, $3, $4::int, $5, $6, $7, $8::timestamp, $9
       WHERE NOT EXISTS (SELECT 1 FROM "AuditCheckpoint" WHERE "keyId" = $1 AND seq >= $2::bigint)`,
      [key.id, c.seq.toString(), c.hash, c.events, c.mode, c.actorType, c.actorId, c.verifiedAt.toISOString(), sign(key, c)],
    );
    return inserted === 1;
  });
}
