// Builds the production bundle when it is missing or older than the sources, so
// `npm start` and `npm run demo` work straight from a fresh clone.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { isProcessAlive } from "@/lib/process";

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
async function withBuildLock<T>(root: string, work: () => T): Promise<T> {
  const lock = path.join(root, ".next-build.lock");
  for (;;) {
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
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

export async function ensureBuild(root: string, log: (line: string) => void = console.log): Promise<void> {
  if (buildIsCurrent(root)) return;
  await withBuildLock(root, () => build(root, log));
}

function build(root: string, log: (line: string) => void): void {
  if (buildIsCurrent(root)) return;
  log("Building the console (next build, about half a minute)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}
