// Inside the Next.js server: work to finish when the process is told to stop (SIGTERM from
// Kubernetes or the run script, or SIGINT) before Next.js's own handler runs — the one that
// stops accepting connections, waits for the requests under way, and exits.
const SIGNALS = ["SIGTERM", "SIGINT"] as const;

// One set of handlers per process: Next.js may load this module in several bundles.
const holder = globalThis as unknown as { vigilDrains?: (() => Promise<void>)[] };

/** Runs `drain` (bounded by the caller) on SIGTERM or SIGINT, then the handlers that were
 * there before (Next.js's, installed once its server listens, before instrumentation runs). */
export function drainOnTermination(drain: () => Promise<void>): void {
  if (holder.vigilDrains) {
    holder.vigilDrains.push(drain);
    return;
  }
  const drains = (holder.vigilDrains = [drain]);
  let draining: Promise<unknown> | null = null;
  for (const name of SIGNALS) {
    const after = process.listeners(name);
    process.removeAllListeners(name);
    const handler = () => {
      draining ??= Promise.allSettled(drains.map((d) => d()));
      void draining.then(() => {
        for (const listener of after) listener(name);
        // Nobody else handles it (NEXT_MANUAL_SIG_HANDLE): end as the signal would have.
        if (after.length === 0 && process.listenerCount(name) === 1) {
          process.removeListener(name, handler);
          process.kill(process.pid, name);
        }
      });
    };
    process.on(name, handler);
  }
}
