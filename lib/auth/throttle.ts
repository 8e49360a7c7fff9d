// Slows password guessing, in Postgres so every instance shares it. Failures are counted
// per account and per client address. A few are free; each one after that backs the key
// off for twice as long (1 s, 2 s, 4 s … 15 min), and attempts on a key backed off are
// refused without checking the password. No hard lock: the real user gets in once the
// backoff passes. A key quiet for the window starts over, and its row is deleted.
import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { sqlTransaction } from "@/lib/db/sql";

export const THROTTLE_WINDOW_MS = 3600_000;
const MAX_BACKOFF_S = 15 * 60;
// An address may be shared (an office behind NAT), so it gets more free failures.
const FREE_FAILURES = { account: 5, address: 20 } as const;

export type ThrottleKey = { kind: keyof typeof FREE_FAILURES; value: string };

// Hashed: bounded length, and no email or address stored in the clear.
function keyOf({ kind, value }: ThrottleKey): string {
  return `${kind}:${createHash("sha256").update(value).digest("base64url")}`;
}

/** Whether any of the keys is backed off at `now`. */
export async function isThrottled(db: Db, keys: ThrottleKey[], now: Date): Promise<boolean> {
  const rows = await sqlTransaction(db, (sql) =>
    sql.rows(`SELECT 1 FROM "SignInThrottle" WHERE "key" = ANY($1::text[]) AND "blockedUntil" > $2 LIMIT 1`, [keys.map(keyOf), now]),
  );
  return rows.length > 0;
}

/** Counts a failure against each key, backs off those past their free failures, and deletes
 * rows quiet for the window (so the table holds only what the window needs). */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  await sqlTransaction(db, async (sql) => {
    for (const key of keys) {
      // One statement, so concurrent failures on other instances are all counted.
      const failures = `CASE WHEN t."lastFailureAt" < $3 THEN 1 ELSE t."failures" + 1 END`;
      await sql.run(
        `INSERT INTO "SignInThrottle" AS t ("key", "failures", "lastFailureAt", "blockedUntil")
         VALUES ($1, 1, $2, NULL)
         ON CONFLICT ("key") DO UPDATE SET
           "failures" = ${failures},
           "lastFailureAt" = $2,
           "blockedUntil" = CASE WHEN ${failures} > $4::int
             THEN $2::timestamptz + make_interval(secs => LEAST($5::int, power(2, ${failures} - $4::int - 1)))
           END`,
        [keyOf(key), now, since, FREE_FAILURES[key.kind], MAX_BACKOFF_S],
      );
    }
    await sql.run(`DELETE FROM "SignInThrottle" WHERE "lastFailureAt" < $1`, [since]);
  });
}

/** Forgets the keys' failures (the account's, after a successful sign-in). */
export async function clearFailures(db: Db, keys: ThrottleKey[]): Promise<void> {
  await sqlTransaction(db, (sql) => sql.run(`DELETE FROM "SignInThrottle" WHERE "key" = ANY($1::text[])`, [keys.map(keyOf)]));
}
