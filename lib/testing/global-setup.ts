// Integration tests run against a real PostgreSQL (VIGIL_TEST_DB=postgres, the server in
// DATABASE_URL) or the embedded one (VIGIL_TEST_DB=embedded). Either way the migrations are
// applied once, to a template, and every test file gets a clean, migrated database of its
// own: on a real server a clone of the template database (milliseconds), on the embedded one
// a server started from the template's dump (lib/testing/embedded-databases.ts, in a process
// of its own). No file sees another's rows.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDeploy } from "../db/migrate";
import { env } from "../env";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { kind: "postgres"; serverUrl: string; template: string } | { kind: "embedded"; databases: string };
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Starts lib/testing/embedded-database-host.ts; resolves with its URL and a stop function. */
function startDatabaseHost(): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
  const host = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/testing/embedded-database-host.ts")], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => host.once("exit", () => resolve()));
  const stop = async () => {
    if (host.exitCode === null && host.signalCode === null) host.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    host.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const [line, rest] = out.split("\n", 2);
      if (rest !== undefined) resolve({ url: (JSON.parse(line!) as { url: string }).url, stop });
    });
    host.once("error", reject);
    void exited.then(() =>
      reject(new Error(`the embedded database host exited (${host.signalCode ?? host.exitCode}) before it was ready`)),
    );
  });
}

export default async function setup(project: TestProject) {
  const kind = env.VIGIL_TEST_DB ?? (env.DATABASE_URL ? "postgres" : "embedded");
  if (kind === "embedded") {
    const host = await startDatabaseHost();
    project.provide("testDb", { kind: "embedded", databases: host.url });
    return host.stop;
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
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      template,
      `${template}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
