// A migrated database for one integration test file: a fresh clone of the template on a
// real PostgreSQL, or the shared embedded database (tests use unique names, never
// assume empty tables).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { withDatabase } from "@/lib/testing/global-setup";

export type TestDb = { db: Db; url: string; kind: "postgres" | "embedded"; close: () => Promise<void> };

export async function openTestDb(): Promise<TestDb> {
  const config = inject("testDb");
  if (config.kind === "embedded") {
    const { db, pool } = createDb(config.url, 4);
    return { db, url: config.url, kind: "embedded", close: async () => { await db.$disconnect(); await pool.end(); } };
  }
  const name = `${config.template}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: config.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${config.template}"`);
  await admin.end();
  const url = withDatabase(config.serverUrl, name);
  const { db, pool } = createDb(url, 10);
  return { db, url, kind: "postgres", close: async () => { await db.$disconnect(); await pool.end(); } };
}

/** A unique string per call, so tests sharing the embedded database never collide. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}
