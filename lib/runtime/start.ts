// Starts Vigil as `npm start`, `npm run demo`, the e2e tests and the bench do: a database
// (DATABASE_URL, or an embedded Postgres kept in the data directory, or a throwaway one),
// migrations, the bootstrap admin, then the Next.js server in its own process group. A
// `signal` aborted at any step stops what was started so far (see lib/runtime/lifetime.ts).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDeploy } from "@/lib/db/migrate";
import { provisionRuntimeRole, separateRoles } from "@/lib/db/roles";
import { ensureBuild } from "@/lib/runtime/build";
import { persistentSecret } from "@/lib/runtime/secrets";
import { exitWithParent, stopProcessGroup } from "@/lib/process";
import { env } from "@/lib/env";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export type StartOptions = {
  mode?: "start" | "dev";
  port: number;
  host?: string;
  /** A PostgreSQL URL; when absent an embedded database is started. */
  databaseUrl?: string;
  /** The owner role's URL, when `databaseUrl` is a runtime role (lib/db/roles.ts): it migrates and grants. */
  databaseOwnerUrl?: string;
  /** Where the embedded database and generated secrets live; null for a throwaway run. */
  dataDir: string | null;
  /** Extra environment for the server (tokens, admin credentials, log level...). */
  env?: Record<string, string | undefined>;
  /** Forward the server's output (default: true). */
  inheritOutput?: boolean;
  log?: (line: string) => void;
  /** Aborted: startup stops what it has started and rejects. */
  signal?: AbortSignal;
};

/** Node options the server runs with (the Dockerfile sets the same, a test holds them equal).
 * A young generation of up to 64 MB per semi-space: the webhook's short-lived garbage dies
 * young instead of being promoted, so the old generation's long mark-compact pauses (tens of
 * ms, the p99 of ingest at 1,000 alerts/s) become rare (BENCHMARKS.md). NODE_OPTIONS given
 * to Vigil come after, so they win. */
export const SERVER_NODE_OPTIONS = "--max-semi-space-size=64";

// The server drains on SIGTERM (its job queue waits up to 10 s for work under way, see
// lib/jobs/runtime.ts, then the HTTP server closes); SIGKILL only after this long.
const SERVER_STOP_GRACE_MS = 15_000;

export type RunningVigil = { url: string; databaseUrl: string; embedded: boolean; server: ChildProcess; stop: () => Promise<void> };

async function waitReady(url: string, server: ChildProcess, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was ready`);
    try {
      const attempt = AbortSignal.timeout(2_000);
      const response = await fetch(`${url}/api/readyz`, { signal: signal ? AbortSignal.any([attempt, signal]) : attempt });
      if (response.ok) return;
      lastError = `${response.status} ${await response.text()}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready after ${timeoutMs / 1000}s: ${lastError}`);
}

export async function startVigil(options: StartOptions): Promise<RunningVigil> {
  const say = options.log ?? ((line: string) => console.log(line));
  const mode = options.mode ?? "start";
  const host = options.host ?? "127.0.0.1";
  const signal = options.signal;
  signal?.throwIfAborted();
  let embedded: EmbeddedPostgres | null = null;
  let server: ChildProcess | null = null;
  const stop = async () => {
    if (server) await stopProcessGroup(server, SERVER_STOP_GRACE_MS);
    await embedded?.stop();
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      // Not interruptible (PGlite opening its files): a signal meanwhile is seen just after.
      embedded = await startEmbeddedPostgres({ dataDir: options.dataDir ? path.join(options.dataDir, "db") : undefined });
      databaseUrl = embedded.url;
      signal?.throwIfAborted();
      say(
        options.dataDir ? `Embedded PostgreSQL: data in ${path.join(options.dataDir, "db")}` : "Embedded PostgreSQL: ephemeral (in memory)",
      );
    }
    const ownerUrl = embedded ? undefined : options.databaseOwnerUrl;
    await migrateDeploy(ownerUrl ?? databaseUrl, { quiet: true, signal });
    if (separateRoles(databaseUrl, ownerUrl)) await provisionRuntimeRole(ownerUrl, databaseUrl);
    if (mode === "start") await ensureBuild(root, say, signal);
    signal?.throwIfAborted();

    const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${options.port}`;
    const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
    // Stops by itself should this process die without stopping it (SIGKILL, a crash).
    const parent = exitWithParent();
    const serverEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      ...parent.env,
      NODE_ENV: mode === "dev" ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: [SERVER_NODE_OPTIONS, options.env?.NODE_OPTIONS ?? env.NODE_OPTIONS].filter(Boolean).join(" "),
      DATABASE_URL: databaseUrl,
      // The server never holds the owner's credentials: with them it could rewrite the audit trail.
      DATABASE_OWNER_URL: undefined,
      // The audit chain's exported heads (lib/audit/head.ts) belong beside the database they
      // anchor: a throwaway database gets none, or the next one would be held to its heads.
      VIGIL_AUDIT_HEAD_FILE:
        options.env?.VIGIL_AUDIT_HEAD_FILE ??
        env.VIGIL_AUDIT_HEAD_FILE ??
        (options.dataDir ? path.join(options.dataDir, "audit-heads.jsonl") : "off"),
      // The embedded database runs one query at a time: a small pool avoids queueing in it.
      VIGIL_DB_POOL_SIZE: options.env?.VIGIL_DB_POOL_SIZE ?? (embedded ? "4" : String(env.VIGIL_DB_POOL_SIZE)),
      NEXTAUTH_URL: options.env?.NEXTAUTH_URL ?? env.NEXTAUTH_URL ?? url,
      NEXTAUTH_SECRET: options.env?.NEXTAUTH_SECRET ?? env.NEXTAUTH_SECRET ?? persistentSecret(options.dataDir, "nextauth"),
      PORT: String(options.port),
      HOSTNAME: host,
    };
    server = spawn(process.execPath, [...parent.execArgv, next, mode, "--port", String(options.port), "--hostname", host], {
      cwd: root,
      env: serverEnv,
      detached: true,
      stdio: options.inheritOutput === false ? "ignore" : ["ignore", "inherit", "inherit"],
    });
    await waitReady(url, server, mode === "dev" ? 120_000 : 60_000, signal);
    return { url, databaseUrl, embedded: embedded !== null, server, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
