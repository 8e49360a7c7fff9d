// A throwaway PostgreSQL cluster from Debian's server binaries: initdb in a temp dir, on a
// free loopback port, removed afterwards. `npm test` uses it when DATABASE_URL is not set;
// the chaos bench (bench/chaos.ts) also stops and starts it on the same data directory and
// port. PostgreSQL refuses to run as root, so as root it runs as `postgres`.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/db/embedded";

/** How pg_ctl stops the server: `fast` disconnects clients and shuts down cleanly;
 * `immediate` kills every server process at once, a crash that recovers from the WAL. */
export type StopMode = "fast" | "immediate";

export type LocalPostgres = {
  url: string;
  /** Stops the server and removes the cluster. */
  stop: () => void;
  /** Stops the server, keeping its data directory and port. */
  stopServer: (mode: StopMode) => Promise<void>;
  /** Starts it again on the same data directory and port; resolves once it accepts connections. */
  startServer: () => Promise<void>;
};

export type LocalPostgresOptions = {
  /** fsync on, as a real server runs (default: off, which is faster for tests). */
  durable?: boolean;
};

function binDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres | null> {
  const bin = binDir();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-pg-"));
  const uid = asRoot ? Number(execFileSync("id", ["-u", "postgres"]).toString().trim()) : undefined;
  if (asRoot && uid !== undefined) chownSync(dir, uid, Number(execFileSync("id", ["-g", "postgres"]).toString().trim()));
  const command = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
  const run = (cmd: string, args: string[]) => {
    const result = spawnSync(...command(cmd, args), { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  // Not blocking: a caller serving traffic meanwhile (the chaos bench's senders) keeps running.
  const runAsync = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(...command(cmd, args), { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed: ${output}`))));
    });
  const data = path.join(dir, "data");
  const port = await freePort();
  const fsync = options.durable ? "on" : "off";
  const startArgs = [
    "-D",
    data,
    "-l",
    path.join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${fsync}`,
    "start",
  ];
  run("initdb", ["-D", data, "-U", "vigil", "--auth=trust", "-E", "UTF8", ...(options.durable ? [] : ["--no-sync"])]);
  run("pg_ctl", startArgs);
  return {
    url: `postgresql://vigil@127.0.0.1:${port}/postgres`,
    stopServer: (mode) => runAsync("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]),
    startServer: () => runAsync("pg_ctl", startArgs),
    stop: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
