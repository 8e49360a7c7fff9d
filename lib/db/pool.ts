// The pg pool behind a Prisma client, for code that runs plain SQL on the same connections
// (lib/db/sql.ts). It rides on the client object under a registry symbol rather than in a
// module-level map: Next.js can bundle this module into several chunks, each with its own
// module state. Its own module, so the client and the SQL helpers need not import each other.
import type pg from "pg";

const POOL = Symbol.for("vigil.db.pool");
type WithPool = { [POOL]?: pg.Pool };

/** Remembers the pool behind a Prisma client (lib/db/client.ts does, for every client). */
export function registerPool(client: object, pool: pg.Pool): void {
  (client as WithPool)[POOL] = pool;
}

/** The pool registered for the client, if any. */
export function poolOf(client: object): pg.Pool | undefined {
  return (client as WithPool)[POOL];
}
