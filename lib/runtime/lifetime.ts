// The lifetime of a run script (`npm start`, `npm run demo`): from its first line on, SIGINT,
// SIGTERM or SIGHUP stops everything it has started — in the middle of startup as well as
// once it is up — and then the process exits 0. A signal during startup aborts `signal`:
// the step under way (a build, a migration, waiting for the server) stops what it had
// half-started and throws, and what had fully started is stopped last-first. Under npm, the
// end of npm stops it too (see watchNpm). Should the script be killed outright, the server
// and build it started stop by themselves (lib/runtime/exit-with-parent.cjs).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isProcessAlive } from "@/lib/process";

export type Lifetime = {
  /** Aborted when the process is told to stop; startup steps stop starting things. */
  signal: AbortSignal;
  /** How to stop something that has just started; stops run last-first. */
  defer(stop: () => Promise<void> | void): void;
};

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
// A startup step that ignores the abort (one that cannot be interrupted, like opening the
// embedded database) gets this long to finish before the stops run regardless.
const STARTUP_SETTLE_MS = 15_000;

/** Runs `main` (the script's startup) with signal handlers already in place. */
export function runUntilStopped(main: (life: Lifetime) => Promise<void>, say: (line: string) => void = console.log): void {
  const controller = new AbortController();
  const stops: (() => Promise<void> | void)[] = [];
  let stopsRan = false;
  let shuttingDown = false;

  const runStop = (stop: () => Promise<void> | void) =>
    Promise.resolve()
      .then(stop)
      .catch((err: Error) => console.error(`while stopping: ${err.message}`));

  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    controller.abort();
    await settled(startup, STARTUP_SETTLE_MS);
    stopsRan = true;
    for (let stop = stops.pop(); stop; stop = stops.pop()) await runStop(stop);
    process.exit(code);
  };

  for (const name of SIGNALS) {
    process.on(name, () => {
      if (!shuttingDown) say(`\n${name}: stopping…`);
      void shutdown(0);
    });
  }
  watchNpm(() => {
    say("\nnpm has exited: stopping…");
    void shutdown(0);
  });

  const startup = main({
    signal: controller.signal,
    defer: (stop) => {
      // Started after the stops ran (a step that ignored the abort): stop it at once.
      if (stopsRan) void runStop(stop);
      else stops.push(stop);
    },
  });
  startup.catch((err: Error) => {
    if (controller.signal.aborted) return;
    console.error(err);
    void shutdown(1);
  });
}

/**
 * `npm run demo` runs the script under `sh -c`, and the shell dies of a SIGTERM or SIGINT
 * that npm passes on to it without passing it further: npm exits and the script would run on,
 * holding its port. So when npm ran this script, the script stops once that npm is gone —
 * also when it was gone before the script got this far. Linux only (the process tree is read
 * from /proc); a signal to the whole group (Ctrl-C) works everywhere.
 */
function watchNpm(gone: () => void): void {
  const script = process.env.npm_lifecycle_script;
  const entry = path.basename(process.argv[1] ?? "");
  // Not when npm's variables were only inherited (a test run by `npm test` starting this).
  if (!script || !entry || !script.includes(entry) || !existsSync("/proc/self/stat")) return;
  let npm = 0;
  for (let pid = process.ppid, depth = 0; pid > 1 && depth < 4 && !npm; pid = parentOf(pid), depth++) {
    if (commandOf(pid).startsWith("npm")) npm = pid;
  }
  const timer = setInterval(() => {
    if (npm && isProcessAlive(npm)) return;
    clearInterval(timer);
    gone();
  }, 500);
  timer.unref();
}

function parentOf(pid: number): number {
  // /proc/PID/stat: "pid (command) state ppid …"; the command may contain spaces and parentheses.
  const stat = readProc(`/proc/${pid}/stat`);
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? 0);
}

function commandOf(pid: number): string {
  return readProc(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
}

function readProc(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function settled(promise: Promise<unknown>, timeoutMs: number): Promise<unknown> {
  const ignore = () => undefined;
  return Promise.race([promise.then(ignore, ignore), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
