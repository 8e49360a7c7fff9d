// Starts Vigil as `npm start`, `npm run demo`, the e2e tests and the bench do: a database
// (DATABASE_URL, or an embedded Postgres kept in the data directory, or a throwaway one),
// migrations, the bootstrap admin, then the Next.js server in its own process group.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDeploy } from "@/lib/db/migrate";
import { ensureBuild } from "@/lib/runtime/build";
import { persistentSecret } from "@/lib/runtime/secrets";
import { stopProcessGroup } from "@/lib/process";
import { env } from "@/lib/env";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export type StartOptions = {
  mode?: "start" | "dev";
  port: number;
  host?: string;
  /** A PostgreSQL URL; when absent an embedded database is started. */
  databaseUrl?: string;
  /** Where the embedded database and generated secrets live; null for a throwaway run. */
  dataDir: string | null;
  /** Extra environment for the server (tokens, admin credentials, log level...). */
  env?: Record<string, string | undefined>;
  /** Forward the server's output (default: true). */
  inheritOutput?: boolean;
  log?: (line: string) => void;
};

export type RunningVigil = { url: string; databaseUrl: string; embedded: boolean; server: ChildProcess; stop: () => Promise<void> };

async function waitReady(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/api/readyz`, { signal: AbortSignal.timeout(2_000) });
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
  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir ? path.join(options.dataDir, "db") : undefined });
    databaseUrl = embedded.url;
    say(options.dataDir ? `Embedded PostgreSQL: data in ${path.join(options.dataDir, "db")}` : "Embedded PostgreSQL: ephemeral (in memory)");
  }
  try {
    await migrateDeploy(databaseUrl, { quiet: true });
    if (mode === "start") await ensureBuild(root, say);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }

  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${options.port}`;
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    // The embedded database runs one query at a time: a small pool avoids queueing in it.
    VIGIL_DB_POOL_SIZE: options.env?.VIGIL_DB_POOL_SIZE ?? (embedded ? "4" : String(env.VIGIL_DB_POOL_SIZE)),
    NEXTAUTH_URL: options.env?.NEXTAUTH_URL ?? env.NEXTAUTH_URL ?? url,
    NEXTAUTH_SECRET: options.env?.NEXTAUTH_SECRET ?? env.NEXTAUTH_SECRET ?? persistentSecret(options.dataDir, "nextauth"),
    PORT: String(options.port),
    HOSTNAME: host,
  };
  const server = spawn(process.execPath, [next, mode, "--port", String(options.port), "--hostname", host], {
    cwd: root,
    env: serverEnv,
    detached: true,
    stdio: options.inheritOutput === false ? "ignore" : ["ignore", "inherit", "inherit"],
  });
  const stop = async () => {
    await stopProcessGroup(server);
    await embedded?.stop();
  };
  try {
    await waitReady(url, server, mode === "dev" ? 120_000 : 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, databaseUrl, embedded: embedded !== null, server, stop };
}
