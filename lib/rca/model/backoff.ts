// Exponential backoff with full jitter (a uniform delay in [0, base·factor^n], capped): many
// workers retrying one recovering Ollama spread out instead of arriving together.
import "server-only";

export type BackoffPolicy = { baseMs: number; factor: number; maxDelayMs: number; maxTries: number };

// 3 tries, waits of at most 0.5 s then 1 s: at most 1.5 s of waiting per model call, small
// beside a generation that takes seconds on a CPU.
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, maxDelayMs: 4_000, maxTries: 3 };

/** The wait before retry number `retry` (0 = after the first failure). */
export function backoffDelay(retry: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseMs * policy.factor ** retry);
  return Math.floor(Math.min(Math.max(random(), 0), 1) * cap);
}

/** The most one call can spend waiting between its tries. */
export function maxTotalBackoffMs(policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  let total = 0;
  for (let retry = 0; retry < policy.maxTries - 1; retry++) total += Math.min(policy.maxDelayMs, policy.baseMs * policy.factor ** retry);
  return total;
}

/** A wait that ends early, rejecting with the signal's reason, when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
