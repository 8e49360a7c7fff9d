// Process helpers: whether a pid is alive (lock files tell a live holder from one left by a
// crash), and stopping a detached child's whole process group.
import type { ChildProcess } from "node:child_process";

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a child started with `detached: true` by signalling its whole process group: a
 * server's own children (next start's worker) would otherwise keep its port. */
export function stopProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 5_000).unref();
  });
}
