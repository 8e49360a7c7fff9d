// Playwright's web server: Vigil's production build on a fixed port, known credentials, a database of its own,
// and a sandbox cluster holding a public scenario (moved to now) for Vigil to investigate and remediate.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
import { startVigil, type RunningVigil } from "@/lib/runtime/start";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";
import { loadScenario } from "@/lib/scenarios/load";
import { shiftScenario } from "@/lib/scenarios/shift";
import { createDb } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { E2E } from "./config";

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const serverUrl = env.DATABASE_URL;
const suffix = randomBytes(6).toString("hex");
const database = serverUrl ? `vigil_e2e_${suffix}` : null;
// On a real PostgreSQL the server runs as a runtime role, as a production install does
// (lib/db/roles.ts): every spec then also proves the runtime grants are enough.
const runtimeRole = `vigil_e2e_rt_${suffix}`;

function asRuntime(url: string): string {
  const u = new URL(url);
  u.username = runtimeRole;
  u.password = runtimeRole;
  return u.toString();
}
let vigil: RunningVigil | null = null;
let cluster: SandboxCluster | null = null;
let stopping: Promise<void> | null = null;

async function dropDatabase(): Promise<void> {
  if (!serverUrl || !database) return;
  // FORCE: a connection left over by a killed server must not keep the database alive.
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await onServer(serverUrl, `DROP ROLE IF EXISTS "${runtimeRole}"`);
}

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    try {
      await vigil?.stop();
      await cluster?.stop();
    } finally {
      await dropDatabase().catch((err: Error) => console.error(`could not drop ${database}: ${err.message}`));
    }
    process.exit(code);
  })();
  return stopping;
}

// A signal can arrive during the build, before there is a server to stop: remember it.
let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    signalled = true;
    if (vigil || cluster) void shutdown(0);
  });
}

/** The accounts beside the admin: a viewer, to see what a viewer is (not) offered, and a responder. */
async function createAccounts(databaseUrl: string): Promise<void> {
  const { db, pool } = createDb(databaseUrl, 1);
  try {
    await createUser(
      db,
      { email: E2E.viewerEmail, password: E2E.viewerPassword, role: "viewer", name: "E2E Viewer" },
      { type: "system", id: "e2e" },
    );
    await createUser(
      db,
      { email: E2E.responderEmail, password: E2E.responderPassword, role: "responder", name: "E2E Responder" },
      { type: "system", id: "e2e" },
    );
  } finally {
    await pool.end();
  }
}

try {
  if (serverUrl && database) {
    await onServer(serverUrl, `CREATE DATABASE "${database}"`);
    await onServer(serverUrl, `CREATE ROLE "${runtimeRole}" LOGIN PASSWORD '${runtimeRole}'`);
  }
  // The scenario's cluster as of now: its rollout of 2.14.0 happened minutes ago, as the
  // alert the remediation spec posts will say.
  const scenario = shiftScenario(loadScenario(E2E.scenarioFile), new Date());
  cluster = await startSandboxCluster({ state: scenario.kubernetes, logs: scenario.logs, port: E2E.clusterPort, token: E2E.clusterToken });
  vigil = await startVigil({
    mode: "start",
    port: E2E.port,
    host: "127.0.0.1",
    databaseUrl: serverUrl && database ? asRuntime(withDatabase(serverUrl, database)) : undefined,
    databaseOwnerUrl: serverUrl && database ? withDatabase(serverUrl, database) : undefined,
    dataDir: null,
    env: {
      VIGIL_ADMIN_EMAIL: E2E.adminEmail,
      VIGIL_ADMIN_PASSWORD: E2E.adminPassword,
      VIGIL_WEBHOOK_TOKEN: E2E.webhookToken,
      VIGIL_INGEST_PORT: String(E2E.ingestPort),
      VIGIL_CLUSTER_URL: cluster.url,
      VIGIL_CLUSTER_TOKEN: cluster.token,
      LOG_LEVEL: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL,
    },
  });
  await createAccounts(vigil.databaseUrl);
} catch (err) {
  console.error(`e2e server failed to start: ${(err as Error).message}`);
  await shutdown(1);
}
if (signalled) await shutdown(0);
console.log(
  `e2e: Vigil is ready at ${vigil!.url} (${database ? `database ${database}` : "embedded database"}), sandbox cluster at ${cluster!.url}`,
);
