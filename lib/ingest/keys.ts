// API keys for the ingestion API. The secret (`vgk_` + 32 random bytes, base64url) is shown
// once, at creation; only its SHA-256 is stored. Verification looks the key up by that hash
// and compares the hashes in constant time; a revoked key or a missing scope is refused.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { prismaSql, type Sql } from "@/lib/db/sql";
import { appendAudit } from "@/lib/audit/append";
import { VigilError } from "@/lib/errors";
import type { ApiKeyScope, CreateApiKeyInput } from "@/lib/ingest/schemas";

const SECRET_PREFIX = "vgk_";

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

const VIEW = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdBy: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export async function createApiKey(db: Db, input: CreateApiKeyInput, actorId: string): Promise<{ key: ApiKeyView; secret: string }> {
  const secret = SECRET_PREFIX + randomBytes(32).toString("base64url");
  const scopes = [...new Set(input.scopes)];
  const key = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name: input.name, prefix: secret.slice(0, 8), hash: hashSecret(secret), scopes, createdBy: actorId },
      select: VIEW,
    });
    await appendAudit(prismaSql(tx), [
      {
        action: "api_key.created",
        actorType: "user",
        actorId,
        targetType: "ApiKey",
        targetId: created.id,
        data: { name: created.name, prefix: created.prefix, scopes },
      },
    ]);
    return created;
  });
  return { key, secret };
}

export async function listApiKeys(db: Db): Promise<ApiKeyView[]> {
  return db.apiKey.findMany({ select: VIEW, orderBy: { createdAt: "desc" }, take: 500 });
}

/** Revokes a key; revoking it again is a no-op that records nothing. */
export async function revokeApiKey(db: Db, id: string, actorId: string): Promise<ApiKeyView> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    const key = await tx.apiKey.findUnique({ where: { id }, select: VIEW });
    if (!key) throw new VigilError("not_found", `no API key ${id}`);
    if (count === 1) {
      await appendAudit(prismaSql(tx), [
        {
          action: "api_key.revoked",
          actorType: "user",
          actorId,
          targetType: "ApiKey",
          targetId: id,
          data: { name: key.name, prefix: key.prefix },
        },
      ]);
    }
    return key;
  });
}

export type VerifiedKey = { id: string; name: string };

/** The key behind a presented secret, if it is valid, not revoked and holds `scope`. */
export async function verifyApiKey(sql: Sql, presented: string | null, scope: ApiKeyScope): Promise<VerifiedKey> {
  const digest = hashSecret(presented ?? "");
  const rows = presented?.startsWith(SECRET_PREFIX)
    ? await sql.rows<{ id: string; name: string; hash: string; scopes: string[]; revokedAt: Date | null }>(
        `SELECT id, name, hash, scopes, "revokedAt" FROM "ApiKey" WHERE hash = $1`,
        [digest],
      )
    : [];
  const row = rows[0];
  // The lookup is by hash; the constant-time compare guards against anything the index lookup leaks.
  const matches = row ? timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(digest, "hex")) : false;
  if (!row || !matches || row.revokedAt)
    throw new VigilError("unauthorized", "a valid, unrevoked API key is required (Authorization: Bearer vgk_…)");
  if (!row.scopes.includes(scope)) throw new VigilError("forbidden", `this API key lacks the ${scope} scope`);
  return { id: row.id, name: row.name };
}

export async function touchApiKey(sql: Sql, id: string, now: Date): Promise<void> {
  await sql.run(`UPDATE "ApiKey" SET "lastUsedAt" = $2::timestamp WHERE id = $1`, [id, now.toISOString()]);
}
