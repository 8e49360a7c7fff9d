// A migrated database of its own for each integration test file: a fresh clone of the
// template on a real PostgreSQL, a fresh embedded server started from the template's dump
// on the embedded one (lib/testing/global-setup.ts). Tests in one file share it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { withDatabase } from "@/lib/testing/global-setup";
import { seeded, seededString } from "@/lib/testing/seeded";

export type TestDb = { db: Db; url: string; kind: "postgres" | "embedded"; close: () => Promise<void> };

export async function openTestDb(): Promise<TestDb> {
  const config = inject("testDb");
  if (config.kind === "embedded") {
    const opened = await fetch(config.databases, { method: "POST" });
    if (!opened.ok) throw new Error(`could not open an embedded test database: ${opened.status} ${await opened.text()}`);
    const { id, url } = (await opened.json()) as { id: string; url: string };
    const { db, pool } = createDb(url, 4);
    return {
      db,
      url,
      kind: "embedded",
      close: async () => {
        await db.$disconnect();
        await pool.end();
        await fetch(`${config.databases}/${id}`, { method: "DELETE" });
      },
    };
  }
  const name = `${config.template}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: config.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${config.template}"`);
  await admin.end();
  const url = withDatabase(config.serverUrl, name);
  const { db, pool } = createDb(url, 10);
  return {
    db,
    url,
    kind: "postgres",
    close: async () => {
      await db.$disconnect();
      await pool.end();
    },
  };
}

const names = seeded(0x7e57_0001);

/** A unique string per call (the same sequence every run), so tests sharing a file's database never collide. */
export function unique(prefix: string): string {
  return `${prefix}-${seededString(names, 10, "0123456789abcdef")}`;
}
