// `npm run demo` and `npm start` stop everything they started on SIGINT or SIGTERM at any
// moment of startup: while npm and tsx load, while the embedded database opens and migrates,
// the moment the console's port first answers (before readiness: the Next.js server used to
// be left behind in its own process group, holding the port) and once it is up. The signal
// goes to the process group (Ctrl-C) or to one process: npm, or the tsx process that runs
// the script; or the script is killed outright (SIGKILL). Not SIGINT to npm alone: npm
// passes it to its `sh -c`, which ignores it while it waits, so it never reaches the script
// (and nothing stops, npm included).
// Every process started carries a marker in its environment; afterwards none may be left
// and the port must refuse connections. It runs the production build, as users run it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded";
import { ensureBuild } from "@/lib/runtime/build";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const MARK = "VIGIL_SIGNALS_TEST";

type Moment = number | "port" | "ready";
type Case = { script: "demo" | "start"; at: Moment; signal: NodeJS.Signals; to: "group" | "npm" | "tsx" | "script" };

// Each moment with both signals and each way of sending them, short of the full product.
const cases: Case[] = [
  { script: "demo", at: 500, signal: "SIGINT", to: "group" },
  { script: "demo", at: 500, signal: "SIGTERM", to: "npm" },
  { script: "demo", at: 1_500, signal: "SIGTERM", to: "group" },
  { script: "demo", at: 1_500, signal: "SIGINT", to: "tsx" },
  { script: "demo", at: 3_000, signal: "SIGINT", to: "group" },
  { script: "demo", at: 3_000, signal: "SIGTERM", to: "tsx" },
  { script: "demo", at: 3_000, signal: "SIGTERM", to: "npm" },
  { script: "demo", at: "port", signal: "SIGINT", to: "group" },
  { script: "demo", at: "port", signal: "SIGTERM", to: "group" },
  { script: "demo", at: "port", signal: "SIGTERM", to: "npm" },
  { script: "demo", at: "port", signal: "SIGINT", to: "tsx" },
  { script: "demo", at: "port", signal: "SIGTERM", to: "tsx" },
  { script: "demo", at: "ready", signal: "SIGINT", to: "group" },
  { script: "demo", at: "ready", signal: "SIGTERM", to: "npm" },
  { script: "demo", at: "ready", signal: "SIGTERM", to: "tsx" },
  // Killed outright, the script cannot stop anything: the server it started stops by itself.
  { script: "demo", at: "port", signal: "SIGKILL", to: "script" },
  { script: "demo", at: "ready", signal: "SIGKILL", to: "script" },
  { script: "start", at: 3_000, signal: "SIGTERM", to: "tsx" },
  { script: "start", at: "port", signal: "SIGINT", to: "group" },
  { script: "start", at: "ready", signal: "SIGTERM", to: "npm" },
];
const READY = { demo: "Vigil demo is running", start: "Vigil is running at" };

/** Processes whose environment carries this run's marker: everything the demo started. */
function marked(mark: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(`${MARK}=${mark}`)) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, "latin1").replaceAll("\0", " ").trim() });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const started: string[] = [];

afterEach(() => {
  // A failed case must not leave its processes to the next one.
  for (const mark of started.splice(0)) {
    for (const { pid } of marked(mark)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
});

const BUILDING = "Building the console";

/** Starts the script, signals it at `at`, and checks that everything it started is gone.
 * "rebuilt": the script began a build (a source changed since the last one) before `at`;
 * it was stopped during its build instead, checked the same way, and the case is to run again. */
async function signalDuringStartup({ script, at, signal, to }: Case): Promise<"done" | "rebuilt"> {
  const port = await freePort();
  const mark = randomBytes(8).toString("hex");
  started.push(mark);
  // The test's own npm and vitest variables stay out: the script runs as a user runs it.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(npm_|VITEST|NODE_ENV$)/i.test(key)) Reflect.deleteProperty(env, key);
  const args = ["--ephemeral", "--port", String(port), ...(script === "demo" ? ["--no-first-fault"] : [])];
  const npm: ChildProcess = spawn("npm", ["run", script, "--", ...args], {
    cwd: root,
    detached: true, // a process group of its own, as a terminal gives a command
    env: {
      ...env,
      [MARK]: mark,
      DATABASE_URL: "",
      VIGIL_ADMIN_EMAIL: "",
      VIGIL_ADMIN_PASSWORD: "",
      VIGIL_WEBHOOK_TOKEN: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout!.on("data", (c: Buffer) => (output += c));
  npm.stderr!.on("data", (c: Buffer) => (output += c));
  const report = () =>
    `output:\n${output.slice(-3000)}\nprocesses:\n${marked(mark)
      .map((p) => `  ${p.pid} ${p.command}`)
      .join("\n")}`;
  const startedAt = Date.now();

  if (typeof at === "number") await new Promise((r) => setTimeout(r, at));
  else if (at === "port") await until("the port to answer", async () => output.includes(BUILDING) || (await answers(port)), 40_000, report);
  else await until("it to be ready", () => output.includes(BUILDING) || output.includes(READY[script]), 40_000, report);
  // At a set time, a build under way is one more moment of startup; otherwise it is a detour.
  const rebuilt = typeof at !== "number" && output.includes(BUILDING);

  if (rebuilt) process.kill(-npm.pid!, "SIGINT");
  else if (to === "group") process.kill(-npm.pid!, signal);
  else if (to === "npm") process.kill(npm.pid!, signal);
  else {
    // The tsx process, or the node process it runs the script in; before they exist, npm.
    const pattern = to === "tsx" ? /node_modules\/\.bin\/tsx .*scripts\// : /tsx\/dist\/preflight\.cjs .*scripts\//;
    const target = marked(mark).find((p) => pattern.test(p.command));
    process.kill(target?.pid ?? npm.pid!, signal);
  }
  const signalledAfter = Date.now() - startedAt;

  await until("npm to exit", () => npm.exitCode !== null || npm.signalCode !== null, 30_000, report);
  await until("every process it started to be gone", () => marked(mark).length === 0, 30_000, report);
  expect(await answers(port), `port ${port} still answers (signalled after ${signalledAfter} ms)`).toBe(false);
  return rebuilt ? "rebuilt" : "done";
}

describe("npm run demo and npm start, stopped during startup", () => {
  it.each(cases)(
    "npm run $script, at $at (ms), $signal to the $to: nothing it started is left, the port is free",
    async (c) => {
      // Built up front, so that the case reaches its moment; again if a source changes meanwhile.
      for (let attempt = 1; ; attempt++) {
        await ensureBuild(root, () => undefined);
        if ((await signalDuringStartup(c)) === "done") return;
        if (attempt === 3) throw new Error("the build went stale three times: sources keep changing while the test runs");
      }
    },
    600_000,
  );
});
