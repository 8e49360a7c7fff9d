// Applies the committed migrations with `prisma migrate deploy` (offline: the CLI's
// JavaScript schema engine, see prisma.config.ts). Used by `npm run db:migrate`, the run
// and demo scripts and the test setup, so every database gets the same migrations.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** The folder holding prisma.config.ts: the repository, or the image's migration bundle, where
 * this file is compiled into migrate.mjs at the bundle's top (scripts/bundle-migrator.ts). */
function projectRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!existsSync(path.join(dir, "prisma.config.ts"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("prisma.config.ts not found above lib/db/migrate.ts");
    dir = parent;
  }
  return dir;
}

const root = projectRoot();

/** `signal` stops the CLI (the run script was told to stop) and rejects. */
export async function migrateDeploy(databaseUrl: string, options: { quiet?: boolean; signal?: AbortSignal } = {}): Promise<string> {
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  const preload = path.join(root, "scripts", "unref-timers.cjs");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", preload, cli, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      signal: options.signal,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    // Aborted: the CLI gets SIGTERM; reject once it has exited.
    child.on("error", (err) => err.name !== "AbortError" && reject(err));
    child.on("exit", (code) => {
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (code === 0) {
        if (!options.quiet)
          process.stdout.write(
            output
              .split("\n")
              .filter((l) => /migration|applied|No pending/i.test(l))
              .join("\n") + "\n",
          );
        resolve(output);
      } else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}
