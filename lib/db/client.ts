// The Prisma client, over adapter-pg (the JavaScript query engine: no native binary).
// One instance per process; dev hot-reload reuses it through globalThis.
import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { registerPool } from "@/lib/db/pool";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createDb(url: string, poolSize = env.VIGIL_DB_POOL_SIZE): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", (err) => log.warn({ err: err.message }, "database pool client error"));
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  registerPool(db, pool);
  return { db, pool };
}

const globalForDb = globalThis as unknown as { vigilDb?: Db };

function databaseUrl(): string {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start Vigil with `npm start` or `npm run demo`, which provide one");
  }
  return env.DATABASE_URL;
}

/** The process-wide client, created on first use so that builds never connect. */
export function getDb(): Db {
  globalForDb.vigilDb ??= createDb(databaseUrl()).db;
  return globalForDb.vigilDb;
}
