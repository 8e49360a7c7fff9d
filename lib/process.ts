// Whether a process id is still running (signal 0 checks without signalling). Lock files
// use it to tell a live holder from one left behind by a crash.
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
