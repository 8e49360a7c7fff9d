// Process helpers: whether a pid is alive (lock files tell a live holder from one left by a
// crash), children that stop when their parent is gone, and stopping a detached child's
// whole process group.
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const EXIT_WITH_PARENT = fileURLToPath(new URL("./runtime/exit-with-parent.cjs", import.meta.url));

/** Node arguments and environment for a child that stops once this process is gone, however
 * it went (see lib/runtime/exit-with-parent.cjs). */
export function exitWithParent(): { execArgv: string[]; env: Record<string, string> } {
  return { execArgv: ["--require", EXIT_WITH_PARENT], env: { VIGIL_PARENT_PID: String(process.pid) } };
}

/** Stops a child started with `detached: true` by signalling its whole process group: a
 * server's own children (next dev's server) would otherwise keep its port. The group gets
 * SIGTERM, then SIGKILL after `graceMs`; resolves once no process of the group is left. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.pid === undefined) return;
  const group = -child.pid;
  if (!signal(group, "SIGTERM")) return;
  const killAt = Date.now() + graceMs;
  let killed = false;
  // Bounded: a zombie nobody reaps (no init in a container) would count as alive forever.
  while (signal(group, 0) && Date.now() < killAt + 5_000) {
    if (!killed && Date.now() >= killAt) killed = signal(group, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends a signal (0: none, only the check); false when no such process or group exists. */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
