// Builds the production bundle when it is missing or older than the sources, so
// `npm start` and `npm run demo` work straight from a fresh clone.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { exitWithParent, isProcessAlive } from "@/lib/process";

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "types"];
const SKIP = new Set(["generated", "node_modules"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (SKIP.has(child) || child.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function buildIsCurrent(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(root, s)) <= built);
}

/** Two processes starting Vigil at once (tests, the bench) must not build into the same
 * .next folder together: the second waits for the first's build. */
async function withBuildLock<T>(root: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const lock = path.join(root, ".next-build.lock");
  for (;;) {
    signal?.throwIfAborted();
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(readFileSync(lock, "utf8") || 0);
      if (holder && !isProcessAlive(holder)) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Builds unless the build is current. `signal` stops a build under way (the run script was
 * told to stop) and rejects. */
export async function ensureBuild(root: string, log: (line: string) => void = console.log, signal?: AbortSignal): Promise<void> {
  if (buildIsCurrent(root)) return;
  await withBuildLock(root, () => build(root, log, signal), signal);
}

async function build(root: string, log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  if (buildIsCurrent(root)) return;
  signal?.throwIfAborted();
  log("Building the console (next build, about half a minute)…");
  // Asynchronous, so a signal is handled at once rather than after the build; the build
  // also stops by itself if this process is killed outright.
  const parent = exitWithParent();
  const child = spawn(process.execPath, [...parent.execArgv, path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...parent.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const stop = () => child.kill("SIGTERM");
  signal?.addEventListener("abort", stop, { once: true });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  }).finally(() => signal?.removeEventListener("abort", stop));
  signal?.throwIfAborted();
  if (status !== 0) throw new Error(`next build failed (exit ${status})`);
}
