// The container image, without a Docker engine: the Dockerfile's build stage runs on a copy
// of the build context (.dockerignore applied, the installed node_modules standing in for
// the deps stage's `npm ci`), its runtime stage is assembled from the COPY instructions into
// a root filesystem, and then — as the image's non-root user, from files it cannot write —
// the dev overlay's migrate init container migrates a fresh PostgreSQL database and the
// image's CMD serves the console. A real PostgreSQL only (the build takes a minute or two).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stopProcessGroup } from "@/lib/process";
import { withDatabase } from "@/lib/testing/global-setup";
import { copyOf, envOf, isIgnored, parseDockerfile, parseDockerignore, stage, workdirOf, type Stage } from "./dockerfile";
import { containersOf, kustomize, podSpecOf } from "./kustomize";

const repo = path.resolve(__dirname, "../..");
const testDb = inject("testDb");
const asRoot = process.getuid?.() === 0;

type Container = { name: string; command: string[]; workingDir?: string; env?: { name: string; value?: string }[] };

type Env = Record<string, string | undefined>;
// Children get exactly the environment a container would, not this process's.
const asProcessEnv = (env: Env) => env as unknown as NodeJS.ProcessEnv;

function sh(command: string, cwd: string, env: Env): void {
  const result = spawnSync("sh", ["-c", command], { cwd, env: asProcessEnv(env), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(`\`${command}\` failed (exit ${result.status}):\n${(result.stdout + result.stderr).slice(-4000)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The build context Docker would send: the working tree less .dockerignore. */
function copyContext(to: string): void {
  const ignore = parseDockerignore(readFileSync(path.join(repo, ".dockerignore"), "utf8"));
  const listed = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: repo, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    if (isIgnored(file, ignore) || !existsSync(path.join(repo, file))) continue;
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(path.join(repo, file), path.join(to, file));
  }
}

/** The build stage: its COPYs (deps' node_modules, the context) and its RUN steps. */
function runBuildStage(build: Stage, context: string): void {
  const copies = build.instructions.filter((i) => i.keyword === "COPY").map(copyOf);
  expect(copies).toEqual([
    { from: "deps", sources: ["/app/node_modules"], dest: "./node_modules" },
    { sources: ["."], dest: "." },
  ]);
  // The deps stage's `npm ci` from the same lockfile: the installed tree, hard-linked.
  const linked = spawnSync("cp", ["-al", path.join(repo, "node_modules"), path.join(context, "node_modules")]);
  if (linked.status !== 0) sh(`cp -a ${JSON.stringify(path.join(repo, "node_modules"))} node_modules`, context, process.env);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...envOf(build) };
  for (const run of build.instructions.filter((i) => i.keyword === "RUN")) sh(run.args, context, env);
}

/** The runtime stage's files, copied from the build stage's as its COPY instructions say. */
function assembleRuntime(runtime: Stage, buildDir: string, context: string, rootfs: string): string {
  const workdir = path.join(rootfs, workdirOf(runtime));
  mkdirSync(workdir, { recursive: true });
  for (const copy of runtime.instructions.filter((i) => i.keyword === "COPY").map(copyOf)) {
    const source = path.join(context, path.posix.relative(buildDir, copy.sources[0]!));
    const dest = path.resolve(workdir, copy.dest);
    mkdirSync(dest, { recursive: true });
    sh(`cp -a ${JSON.stringify(source)}/. ${JSON.stringify(dest)}/`, rootfs, process.env);
  }
  // Its RUN steps (creating the writable .next/cache) need root to chown.
  if (asRoot) for (const run of runtime.instructions.filter((i) => i.keyword === "RUN")) sh(run.args, workdir, process.env);
  else mkdirSync(path.join(workdir, ".next", "cache"), { recursive: true });
  return workdir;
}

// *.postgres.integration.test.ts: run only against a real PostgreSQL (vitest.config.ts).
describe("container image", () => {
  const dockerfile = parseDockerfile(readFileSync(path.join(repo, "Dockerfile"), "utf8"));
  const build = stage(dockerfile, "build");
  const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
  const [uid, gid] = runtime.instructions
    .filter((i) => i.keyword === "USER")
    .pop()!
    .args.split(":")
    .map(Number) as [number, number];
  const deployment = kustomize(path.join(repo, "k8s/overlays/dev")).find((o) => o.kind === "Deployment" && o.metadata.name === "vigil")!;
  const migrate = containersOf(podSpecOf(deployment)!).find((c) => c.name === "migrate") as unknown as Container;

  let work: string;
  let rootfs: string;
  let app: string;
  let podTmp: string;
  let databaseUrl: string;
  let ownerUrl: string;
  let database: string;
  let server: ChildProcess | null = null;
  let serverOutput = "";

  // As the image's user when we can switch to it; otherwise from files made read-only.
  const identity = asRoot ? { uid, gid } : {};
  const baseEnv = (): Env => ({ PATH: process.env.PATH, HOME: podTmp, TMPDIR: podTmp });

  function runMigrate(): Promise<{ code: number | null; output: string }> {
    const [command, ...args] = migrate.command;
    const literalEnv = Object.fromEntries((migrate.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
    return new Promise((resolve) => {
      const child = spawn(command === "node" ? process.execPath : command!, args, {
        cwd: path.join(rootfs, migrate.workingDir ?? workdirOf(runtime)),
        // As a production install with two roles (lib/db/roles.ts): the owner migrates and grants.
        env: asProcessEnv({ ...baseEnv(), ...literalEnv, DATABASE_URL: databaseUrl, DATABASE_OWNER_URL: ownerUrl }),
        ...identity,
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "vigil-image-"));
    chmodSync(work, 0o755);
    const context = path.join(work, "context");
    copyContext(context);
    runBuildStage(build, context);
    rootfs = path.join(work, "rootfs");
    app = assembleRuntime(runtime, workdirOf(build), context, rootfs);
    // The pod's writable emptyDirs: /tmp, and .next/cache (made by the image's RUN).
    podTmp = path.join(work, "tmp");
    mkdirSync(podTmp);
    if (asRoot) chownSync(podTmp, uid, gid);
    else sh(`chmod -R a-w . && chmod u+w .next/cache`, app, process.env);

    database = `vigil_image_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: (testDb as { serverUrl: string }).serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    ownerUrl = withDatabase((testDb as { serverUrl: string }).serverUrl, database);
    // The server's runtime role: the migration grants it what it needs, and the server runs as it.
    const admin2 = new pg.Client({ connectionString: ownerUrl });
    await admin2.connect();
    await admin2.query(`CREATE ROLE "${database}" LOGIN PASSWORD '${database}'`);
    await admin2.end();
    const runtimeUrl = new URL(ownerUrl);
    runtimeUrl.username = runtimeUrl.password = database;
    databaseUrl = runtimeUrl.toString();
  }, 600_000);

  afterAll(async () => {
    if (server) await stopProcessGroup(server);
    if (database) {
      const admin = new pg.Client({ connectionString: (testDb as { serverUrl: string }).serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS "${database}"`);
      await admin.end();
    }
    if (work) {
      if (!asRoot) spawnSync("chmod", ["-R", "u+w", work]);
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("lays out the standalone server, its static files, public/ and the migration bundle", () => {
    for (const file of [
      "server.js",
      "package.json",
      ".next/BUILD_ID",
      "public/icon.svg",
      "prisma/migrations/migration_lock.toml",
      "migrate/migrate.mjs",
      "migrate/node_modules/prisma/build/index.js",
      "migrate/prisma.config.ts",
      "migrate/prisma/schema.prisma",
    ]) {
      expect(existsSync(path.join(app, file)), file).toBe(true);
    }
    expect(readdirSync(path.join(app, ".next/static"))).toContain("chunks");
    // Neither the full dependency tree nor the sources travel into the image.
    expect(existsSync(path.join(app, "node_modules/typescript"))).toBe(false);
    expect(existsSync(path.join(app, "app"))).toBe(false);
  });

  it("migrates with the migrate init container's command, safely from several pods at once", async () => {
    const [first, second] = await Promise.all([runMigrate(), runMigrate()]);
    expect(first!.code, first!.output).toBe(0);
    expect(second!.code, second!.output).toBe(0);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; n: string }>(
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL GROUP BY 1`,
    );
    await client.end();
    const committed = readdirSync(path.join(repo, "prisma/migrations"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(rows.map((r) => r.migration_name).sort()).toEqual(committed.sort());
    expect(rows.every((r) => r.n === "1")).toBe(true);
    const again = await runMigrate();
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/No pending migrations/);
    expect(again.output).toMatch(/Granted the runtime role/);
    // The server's role cannot switch off the audit trail's triggers: it does not own the table.
    const runtime = new pg.Client({ connectionString: databaseUrl });
    await runtime.connect();
    await expect(runtime.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    await runtime.end();
  }, 120_000);

  it("serves the console from the image's CMD: health, readiness, pages, static files, the webhook", async () => {
    const cmd = JSON.parse(runtime.instructions.find((i) => i.keyword === "CMD")!.args) as string[];
    expect(cmd[0]).toBe("node");
    const port = await freePort();
    const ingestPort = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const policyFile = path.join(podTmp, "policy.json");
    writeFileSync(policyFile, readFileSync(path.join(repo, "k8s/overlays/dev/policy.json")));
    const child = spawn(process.execPath, cmd.slice(1), {
      cwd: app,
      detached: true,
      env: asProcessEnv({
        ...baseEnv(),
        ...envOf(runtime),
        // Loopback only in tests (the pod listens on 0.0.0.0).
        HOSTNAME: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
        NEXTAUTH_URL: url,
        VIGIL_WEBHOOK_TOKEN: randomBytes(24).toString("hex"),
        VIGIL_POLICY_FILE: policyFile,
        VIGIL_INGEST_PORT: String(ingestPort),
        LOG_LEVEL: "warn",
      }),
      stdio: ["ignore", "pipe", "pipe"],
      ...identity,
    });
    server = child;
    child.stdout.on("data", (d) => (serverOutput += d));
    child.stderr.on("data", (d) => (serverOutput += d));

    const deadline = Date.now() + 60_000;
    let ready: Response | null = null;
    while (Date.now() < deadline && child.exitCode === null) {
      ready = await fetch(`${url}/api/readyz`).catch(() => null);
      if (ready?.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready?.status, serverOutput).toBe(200);
    expect(await ready!.json()).toMatchObject({ ready: true, database: "ok", pendingMigrations: [] });

    const health = await fetch(`${url}/api/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    const signin = await fetch(`${url}/signin`);
    expect(signin.status).toBe(200);
    expect(await signin.text()).toContain("/_next/static/");
    const chunk = readdirSync(path.join(app, ".next/static/chunks")).find((f) => f.endsWith(".js"))!;
    expect((await fetch(`${url}/_next/static/chunks/${chunk}`)).status).toBe(200);
    expect((await fetch(`${url}/icon.svg`)).status).toBe(200);
    const webhook = await fetch(`${url}/api/webhooks/alertmanager`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(webhook.status).toBe(401);
    // The standalone server also serves the webhook on the ingest port (instrumentation.ts), and nothing else there.
    const onIngestPort = await fetch(`http://127.0.0.1:${ingestPort}/api/webhooks/alertmanager`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(onIngestPort.status, serverOutput).toBe(401);
    expect((await fetch(`http://127.0.0.1:${ingestPort}/signin`)).status).toBe(404);
    expect(child.exitCode, serverOutput).toBeNull();
  }, 120_000);
});
