// Starts and stops the baseline server as a child process in its own process group, as startVigil does for Next.js.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { stopProcessGroup } from "@/lib/process";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export type RunningBaseline = { url: string; server: ChildProcess; stop: () => Promise<void> };

export async function startBaseline(options: {
  port: number;
  databaseUrl: string;
  env: Record<string, string | undefined>;
}): Promise<RunningBaseline> {
  const url = `http://127.0.0.1:${options.port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(root, "bench", "baseline-server.ts")], {
    cwd: root,
    env: { ...process.env, ...options.env, NODE_ENV: "production", DATABASE_URL: options.databaseUrl, PORT: String(options.port) },
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => stopProcessGroup(server);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the baseline server exited with code ${server.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return { url, server, stop };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("the baseline server was not ready after 30 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
