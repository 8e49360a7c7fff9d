// Plain SQL beside Prisma. Hot paths (webhook ingest) run their statements on a `pg`
// connection from the pool Prisma's adapter uses: Prisma's query compiler costs ~0.2 ms
// of CPU per statement, raw SQL included, on the one server thread (see BENCHMARKS.md).
// `Sql` is what such code needs; Prisma transactions get one through prismaSql().
import "server-only";
import pg from "pg";
import type { Db, Tx } from "@/lib/db/client";
import { poolOf } from "@/lib/db/pool";

export type Sql = {
  rows<T>(text: string, values?: unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it affected. */
  run(text: string, values?: unknown[]): Promise<number>;
};

// Columns are `timestamp` holding UTC (Prisma's default mapping): read them as UTC, not
// in the process's time zone as pg would.
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

function clientSql(client: pg.PoolClient): Sql {
  return {
    rows: async <T>(text: string, values: unknown[] = []) => (await client.query({ text, values, types })).rows as T[],
    run: async (text, values = []) => (await client.query({ text, values, types })).rowCount ?? 0,
  };
}

export function prismaSql(tx: Tx): Sql {
  return {
    rows: <T>(text: string, values: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...values),
    run: (text, values = []) => tx.$executeRawUnsafe(text, ...values),
  };
}

// A transaction of its own that only takes a transaction id commits synchronously: its commit
// record follows everything already committed in the WAL, so once it is flushed, so is that.
const FLUSH_WAL = "SELECT pg_current_xact_id()::text";

/** Waits until every transaction committed so far is durable (see flushAfterCommit). */
export async function flushWal(db: Db): Promise<void> {
  await db.$queryRawUnsafe(FLUSH_WAL);
}

export type TransactionOptions = {
  /**
   * Commit without waiting for the WAL flush, then wait for it before resolving. What the
   * caller sees is the same (when this resolves the transaction is durable), but its locks
   * are released at the commit, not after the flush: the audit chain's lock is held by every
   * appender at its commit (prisma/migrations/*_audit_chain_at_commit), so with a plain
   * commit each webhook's flush ran alone, one after another, and a slow disk sync stalled
   * every webhook behind it. Flushed after the lock is gone, concurrent commits share one
   * sync (PostgreSQL's group commit). Until the flush, others may already see the rows: a
   * crash of PostgreSQL in that moment loses them, as it would a transaction that had not
   * committed, and the caller, which has not answered yet, fails and is retried.
   */
  flushAfterCommit?: boolean;
};

/** Runs `work` in one transaction on a pooled connection; rolls back if it throws. */
export async function sqlTransaction<T>(db: Db, work: (sql: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const pool = poolOf(db);
  if (!pool) throw new Error("this Prisma client was not created by createDb(): no pool to run SQL on");
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out connection that drops (the database restarting) fails its query and also
  // emits "error": without a listener that is an uncaught exception. It is not reused.
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    // One round trip either way: the webhook's path is hot.
    await client.query(options.flushAfterCommit ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN");
    const result = await work(clientSql(client));
    await client.query("COMMIT");
    if (options.flushAfterCommit) await client.query(FLUSH_WAL);
    return result;
  } catch (err) {
    // The work's error is the one that matters; a failed ROLLBACK means the connection is
    // unusable, so it is destroyed on release instead of going back to the pool.
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw err;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}
