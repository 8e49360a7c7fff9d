// Integration tests run against a real PostgreSQL (VIGIL_TEST_DB=postgres, the server in
// DATABASE_URL) or the embedded one (VIGIL_TEST_DB=embedded). For a real server, the
// migrations are applied once to a template database that each test file clones, so
// every file starts from a clean, migrated database in milliseconds.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateDeploy } from "../db/migrate";
import { env } from "../env";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { kind: "postgres"; serverUrl: string; template: string } | { kind: "embedded"; url: string };
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const kind = env.VIGIL_TEST_DB ?? (env.DATABASE_URL ? "postgres" : "embedded");
  if (kind === "embedded") {
    const embedded = await startEmbeddedPostgres();
    await migrateDeploy(embedded.url, { quiet: true });
    project.provide("testDb", { kind: "embedded", url: embedded.url });
    return () => embedded.stop();
  }
  const serverUrl = env.DATABASE_URL;
  if (!serverUrl) throw new Error("VIGIL_TEST_DB=postgres needs DATABASE_URL pointing at a PostgreSQL server");
  const template = `vigil_tpl_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await migrateDeploy(withDatabase(serverUrl, template), { quiet: true });
  project.provide("testDb", { kind: "postgres", serverUrl, template });
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template}_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
